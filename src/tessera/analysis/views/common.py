"""What every back-office view starts with: the process, the proposal, and the permission."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from tessera.accounts.requests import require
from tessera.analysis.selectors import assignments_prefetch, proposals_of_process
from tessera.processes.models import Process
from tessera.proposals.models import Proposal


def process_for(request: HttpRequest, slug: str) -> Process:
    """The process whose proposals the user may see in the back office (403 otherwise)."""
    process = get_object_or_404(Process, slug=slug)
    require(request, "analysis.view_table", process)
    return process


def proposal_for(request: HttpRequest, process: Process, pk: int) -> Proposal:
    """A proposal of the process, with what its analysis page shows; 403 if not the user's."""
    proposal = get_object_or_404(
        proposals_of_process(process)
        .select_related("contribution", "theme", "district", "author", "decision", "step")
        .prefetch_related(assignments_prefetch()),
        pk=pk,
    )
    proposal.step.process = process
    require(request, "analysis.view_proposal", proposal)
    return proposal
