from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "tessera.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The follow buttons (proposals' and processes' hooks) and the receivers of what the
        # apps below announce: they cannot import this app.
        from tessera.notifications import metrics, panels, receivers  # noqa: F401

        metrics.register()
