from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "tessera.news"
    verbose_name = _("News")

    def ready(self) -> None:
        from tessera.news import (
            home_sections,
            panels,
            rules,  # noqa: F401  registers the permissions
        )
        from tessera.news.media import image_access
        from tessera.organizations import media

        home_sections.register()
        panels.register()
        media.register("news", image_access)
