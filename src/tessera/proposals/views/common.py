"""What every proposals view starts with: the collect step and the proposal, if visible."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal


def collect_step_for(request: HttpRequest, slug: str, step_id: int) -> Step:
    """The collect step of a process this user may see: a draft is 404, a restricted one 403."""
    process = get_object_or_404(Process, slug=slug)
    if not request.user.has_perm("processes.view_process", process):
        if not process.is_published:
            raise Http404
        raise PermissionDenied
    step = get_object_or_404(
        Step.objects.select_related("collect_settings"), process=process, pk=step_id
    )
    if step.kind != "collect":
        raise Http404
    step.process = process
    return step


def proposal_queryset(step: Step) -> QuerySet[Proposal]:
    return Proposal.objects.filter(step=step).select_related(
        "contribution__answer__service", "theme", "district", "author"
    )


def proposal_for(request: HttpRequest, step: Step, pk: int) -> Proposal:
    proposal = get_object_or_404(proposal_queryset(step), pk=pk)
    proposal.step = step
    return proposal
