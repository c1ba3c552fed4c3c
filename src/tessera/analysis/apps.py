from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "tessera.analysis"
    verbose_name = _("Analysis of proposals")

    def ready(self) -> None:
        from tessera.analysis import kinds  # noqa: F401  registers the analysis step kind
