from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tessera.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

        from tessera.accounts import usercache
        from tessera.accounts.models import Service, User
        from tessera.accounts.tenancy import scope_email_addresses

        scope_email_addresses()
        # The cached row of the request's user (usercache) is forgotten on every write.
        post_save.connect(usercache.on_user_saved_or_deleted, sender=User)
        post_delete.connect(usercache.on_user_saved_or_deleted, sender=User)
        m2m_changed.connect(usercache.on_membership_changed, sender=Service.members.through)
        pre_delete.connect(usercache.on_service_deleting, sender=Service)
