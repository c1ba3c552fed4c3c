from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "tessera.proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from tessera.proposals import (  # noqa: F401
            contribution_kind,
            home_sections,
            kinds,
            receivers,
        )

        home_sections.register()
        from tessera.organizations import media
        from tessera.proposals.media import proposal_file_access

        media.register("proposals", proposal_file_access)
