from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandingConfig(AppConfig):
    name = "tessera.branding"
    verbose_name = _("Site identity")

    def ready(self) -> None:
        from tessera.branding.sections import register_builtin_sections

        register_builtin_sections()
