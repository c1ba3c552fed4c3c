from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "tessera.stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from tessera.branding.home import Figure, register_figure
        from tessera.stats.stored import participants_count

        # The home page's first figure counts participants as the dashboard does. It takes
        # the key of branding's own figure (registered accounts, staff included), which it
        # replaces: stats is installed after branding.
        register_figure(Figure("registered", _("participants"), participants_count, 0))
