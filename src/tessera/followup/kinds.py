"""The follow-up step kind: the winners become realisations the city follows in public."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from tessera.followup.step_settings import FollowupSettingsForm, followup_settings_summary
from tessera.processes import kinds

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from tessera.processes.models import Step


def _followup_step_view(request: HttpRequest, step: Step) -> HttpResponse:
    # Imported when called: the views pull in forms and templates the registry need not load.
    from tessera.followup.views.public import followup_step

    return followup_step(request, step)


FOLLOWUP = kinds.register(
    kinds.StepKind(
        identifier="followup",
        label=_("Follow-up"),
        description=_("The city carries out the winning projects and reports on their progress."),
        view=_followup_step_view,
        icon="flag",
        settings=kinds.StepSettings(form=FollowupSettingsForm, summary=followup_settings_summary),
    )
)
