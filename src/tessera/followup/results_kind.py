"""The results step kind: the winners of the process's vote, published with their figures.

Its page shows the winners of the vote step that closed last before it, introduced by the
step's settings (ResultsSettings: the text, the votes, the turnout), with a link to the vote's
full results; before those results are published it is the generic step page (its text says
when they come).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render
from django.utils.translation import gettext_lazy

from tessera.core.richtext import render_markdown
from tessera.followup.step_settings import (
    ResultsSettingsForm,
    results_settings_for,
    results_settings_summary,
)
from tessera.processes import kinds
from tessera.processes.models import Step
from tessera.voting.models import Results

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


def vote_step_of(step: Step) -> Step | None:
    """The vote whose results this step shows: the last one to close before it starts."""
    return (
        Step.objects.filter(process_id=step.process_id, kind="vote", ends_at__lte=step.starts_at)
        .order_by("-ends_at")
        .first()
    )


def _results_step_view(request: HttpRequest, step: Step) -> HttpResponse:
    vote = vote_step_of(step)
    results = Results.objects.filter(step=vote).first() if vote is not None else None
    if results is not None:
        settings = results_settings_for(step)
        scopes = [
            scope | {"winners": [row for row in scope["proposals"] if row["winner"]]}
            for scope in results.figures.get("scopes", [])
        ]
        for scope in scopes:
            scope["winners"].sort(key=lambda row: row.get("order") or 0)
        return render(
            request,
            "followup/results_step.html",
            {
                "process": step.process,
                "step": step,
                "vote": vote,
                "phase": step.phase(),
                "settings": settings,
                "introduction_html": render_markdown(settings.introduction),
                "scopes": scopes,
                "turnout": results.figures.get("turnout", {}),
            },
        )
    return render(
        request,
        "processes/step_detail.html",
        {"process": step.process, "step": step, "phase": step.phase(), "kind": step.kind_object},
    )


RESULTS = kinds.register(
    kinds.StepKind(
        identifier="results",
        label=gettext_lazy("Results"),
        description=gettext_lazy("The winning projects, within the envelope, with the figures."),
        view=_results_step_view,
        icon="trophy",
        settings=kinds.StepSettings(form=ResultsSettingsForm, summary=results_settings_summary),
    )
)
