"""The results step kind: the winners of the process's vote, published with their figures.

Its page is the results page of the vote step that closed last before it; before those
results are published it is the generic step page (its text says when they come).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

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
    if vote is not None and Results.objects.filter(step=vote).exists():
        return redirect("voting:results", slug=step.process.slug, step_id=vote.pk)
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
    )
)
