from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tessera.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from tessera.accounts.tenancy import scope_email_addresses

        scope_email_addresses()
