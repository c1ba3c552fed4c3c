from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "tessera.processes"
    verbose_name = _("Processes")

    def ready(self) -> None:
        from tessera.processes import (
            home_sections,
            presentation,  # noqa: F401  registers its step kind
        )

        home_sections.register()
        from tessera.organizations import media
        from tessera.processes.media import cover_access

        media.register("processes", cover_access)
