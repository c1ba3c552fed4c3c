from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotationsConfig(AppConfig):
    name = "tessera.votations"
    verbose_name = _("Votations")

    def ready(self) -> None:
        from tessera.votations import kinds  # noqa: F401  registers the votation step kind
