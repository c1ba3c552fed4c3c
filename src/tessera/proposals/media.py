"""Who may read a proposal's files (organizations.media asks, per folder)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from tessera.organizations.media import Access
from tessera.proposals.models import PendingUpload, Proposal, ProposalAttachment, ProposalImage


def _may_see(user: object, proposal: Proposal) -> bool:
    """What the proposal page shows: its process visible, its content unless hidden."""
    if not user.has_perm("processes.view_process", proposal.step.process):  # type: ignore[attr-defined]
        return False
    return not proposal.hidden or user.has_perm("proposals.view_hidden_proposal", proposal)  # type: ignore[attr-defined]


def proposal_file_access(request: HttpRequest, name: str) -> Access:
    """An image or attachment as its proposal's page; a pending upload only to its sender."""
    pending = PendingUpload.objects.filter(file=name).only("user_id").first()
    if pending is not None:
        return Access.PRIVATE if pending.user_id == request.user.pk else Access.DENIED
    owner = (
        ProposalImage.objects.filter(image=name)
        .select_related("proposal__contribution", "proposal__step__process")
        .first()
        or ProposalAttachment.objects.filter(file=name)
        .select_related("proposal__contribution", "proposal__step__process")
        .first()
    )
    if owner is None or not _may_see(request.user, owner.proposal):
        return Access.DENIED
    return Access.PUBLIC if _may_see(AnonymousUser(), owner.proposal) else Access.PRIVATE
