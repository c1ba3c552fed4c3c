"""The analysis step kind: the city's services study the proposals (/manage/analysis/)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tessera.analysis.step_settings import AnalysisSettingsForm, analysis_settings_summary
from tessera.processes import kinds

ANALYSIS = kinds.register(
    kinds.StepKind(
        identifier="analysis",
        label=_("Analysis by the services"),
        description=_(
            "The city's services study each proposal: eligibility, feasibility and cost."
        ),
        icon="search",
        settings=kinds.StepSettings(form=AnalysisSettingsForm, summary=analysis_settings_summary),
    )
)
