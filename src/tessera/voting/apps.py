from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "tessera.voting"
    verbose_name = _("Vote")

    def ready(self) -> None:
        from tessera.voting import (
            kinds,  # noqa: F401  registers the vote step kind
            metrics,
            receivers,
            stepcache,
        )

        metrics.register()
        stepcache.connect_receivers()
        receivers.connect_receivers()
