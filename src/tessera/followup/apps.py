from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "tessera.followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from tessera.followup import (
            home_sections,
            kinds,  # noqa: F401  registers the follow-up step kind
            receivers,  # noqa: F401  connects the receivers
            results_kind,  # noqa: F401  registers the results step kind
        )

        home_sections.register()
        from tessera.followup.media import news_image_access
        from tessera.organizations import media

        media.register("followup/news", news_image_access)
