from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "tessera.contributions"
    verbose_name = _("Contributions")

    def ready(self) -> None:
        from tessera.contributions import receivers, rules  # noqa: F401
