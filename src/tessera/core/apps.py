from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tessera.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from tessera.core import checks  # noqa: F401  registers the deploy checks
