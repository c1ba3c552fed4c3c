"""Writes of the analysis: each service is one transaction; statuses move only through
proposals.services.proposal_status_change (docs/proposals-api.md).

Permissions are the caller's to check (rules.py); these services check the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tessera.accounts.models import Service, User
from tessera.analysis.models import (
    Analysis,
    AnalysisSettings,
    Assignment,
    Decision,
    Eligibility,
    IneligibilityReason,
    InternalComment,
    Outcome,
    RevisionRequest,
)
from tessera.proposals import statuses
from tessera.proposals.models import Proposal
from tessera.proposals.services import (
    absolute_url,
    proposal_reopen_for_author,
    proposal_status_change,
)
from tessera.proposals.statuses import ProposalStatus


def default_due_date(proposal: Proposal) -> date | None:
    """The due date the process's analysis step sets for its assignments, if any."""
    return (
        AnalysisSettings.objects.filter(step__process_id=proposal.step.process_id)
        .exclude(due_date=None)
        .values_list("due_date", flat=True)
        .first()
    )


def assignments_create(
    *,
    proposals: Sequence[Proposal],
    service: Service,
    assigned_by: User,
    analyst: User | None = None,
    due_date: date | None = None,
) -> int:
    """Give proposals to a service (and one of its analysts, with a due date when given).

    An existing assignment to the same service keeps its analyst and due date unless new ones
    are given. A published proposal moves to "under analysis". Returns the number of proposals.
    """
    if analyst is not None and not service.members.filter(pk=analyst.pk).exists():
        raise ValidationError(
            _("%(name)s is not a member of the service “%(service)s”."),
            code="analyst",
            params={"name": analyst.display_name, "service": service.name},
        )
    # A new assignment without a due date takes the one the analysis step sets.
    default = due_date or (default_due_date(proposals[0]) if proposals else None)
    with transaction.atomic():
        for proposal in proposals:
            assignment, created = Assignment.objects.get_or_create(
                proposal=proposal,
                service=service,
                defaults={
                    "organization_id": proposal.organization_id,
                    "analyst": analyst,
                    "due_date": default,
                    "assigned_by": assigned_by,
                },
            )
            if not created and (analyst is not None or due_date is not None):
                assignment.analyst = analyst or assignment.analyst
                assignment.due_date = due_date or assignment.due_date
                assignment.assigned_by = assigned_by
                assignment.save(update_fields=["analyst", "due_date", "assigned_by"])
            if proposal.status == ProposalStatus.PUBLISHED:
                proposal_status_change(
                    proposal=proposal,
                    to_status=ProposalStatus.UNDER_ANALYSIS,
                    changed_by=assigned_by,
                    notify=False,
                )
    return len(proposals)


def analysis_save(
    *,
    assignment: Assignment,
    editor: User,
    eligibility: str,
    ineligibility_reason: IneligibilityReason | None = None,
    ineligibility_details: str = "",
    feasibility_notes: str = "",
    estimated_cost: int | None = None,
    recommendation: str = "",
    submit: bool = False,
) -> Analysis:
    """Save a service's analysis as a draft, or submit it (then its eligibility is required).

    A reason only goes with "ineligible"; it must be one of the proposal's process's reasons.
    """
    if eligibility != Eligibility.INELIGIBLE:
        ineligibility_reason, ineligibility_details = None, ""
    if submit and eligibility == Eligibility.UNDECIDED:
        raise ValidationError(
            _("Say whether the proposal is eligible before submitting the analysis."),
            code="undecided",
        )
    if ineligibility_reason is not None:
        process_id = assignment.proposal.step.process_id
        if ineligibility_reason.process_id != process_id:
            raise ValidationError(_("This reason belongs to another process."), code="reason")
    with transaction.atomic():
        analysis, _created = Analysis.objects.select_for_update().get_or_create(
            assignment=assignment, defaults={"organization_id": assignment.organization_id}
        )
        analysis.eligibility = eligibility
        analysis.ineligibility_reason = ineligibility_reason
        analysis.ineligibility_details = ineligibility_details.strip()
        analysis.feasibility_notes = feasibility_notes.strip()
        analysis.estimated_cost = estimated_cost
        analysis.recommendation = recommendation.strip()
        analysis.updated_by = editor
        if submit:
            analysis.submitted_at, analysis.submitted_by = timezone.now(), editor
        analysis.save()
    return analysis


def internal_comment_add(*, proposal: Proposal, author: User, body: str) -> InternalComment:
    """Add a note to the staff's thread about a proposal (never shown publicly)."""
    if not body.strip():
        raise ValidationError(_("Write your comment."), code="empty")
    return InternalComment.objects.create(
        organization_id=proposal.organization_id,
        proposal=proposal,
        author=author,
        body=body.strip(),
    )


def revision_request_create(
    *, proposal: Proposal, requested_by: User, reason: str, deadline: datetime
) -> RevisionRequest:
    """Ask the author to revise the proposal: they may edit it until the deadline and are
    e-mailed (in their language) once the request is saved."""
    if deadline <= timezone.now():
        raise ValidationError(_("The deadline must be in the future."), code="deadline")
    if not reason.strip():
        raise ValidationError(_("Say what the author should revise."), code="reason")
    with transaction.atomic():
        request = RevisionRequest.objects.create(
            organization_id=proposal.organization_id,
            proposal=proposal,
            requested_by=requested_by,
            reason=reason.strip(),
            deadline=deadline,
        )
        proposal_reopen_for_author(proposal=proposal, until=deadline)
        if proposal.author_id:
            transaction.on_commit(lambda: _notify_revision_request(request.pk))
    return request


def decision_take(
    *, proposal: Proposal, outcome: str, decided_by: User, public_answer: str = ""
) -> Decision:
    """Decide whether a proposal is eligible: its status moves (and the author is e-mailed
    when there is a public answer), and the decision is kept for the table and exports."""
    outcome = Outcome(outcome)
    if proposal.status == outcome:
        raise ValidationError(
            _("The proposal is already “%(status)s”."),
            code="same",
            params={"status": ProposalStatus(outcome).label},
        )
    with transaction.atomic():
        change = proposal_status_change(
            proposal=proposal,
            to_status=outcome,
            changed_by=decided_by,
            public_answer=public_answer,
        )
        decision, _created = Decision.objects.update_or_create(
            proposal=proposal,
            defaults={
                "organization_id": proposal.organization_id,
                "outcome": outcome,
                "public_answer": public_answer.strip(),
                "decided_by": decided_by,
                "status_change": change,
            },
        )
    return decision


def statuses_change(
    *,
    proposals: Sequence[Proposal],
    to_status: str,
    changed_by: User,
    public_answer: str = "",
) -> int:
    """Move several proposals to one status, all or none.

    Eligible and ineligible are decisions (kept as such); refused when any proposal may not
    make the move, naming them.
    """
    refused = [p for p in proposals if not statuses.can_transition(p.status, to_status)]
    if refused:
        raise ValidationError(
            _("These proposals cannot become “%(status)s”: %(titles)s."),
            code="transition",
            params={
                "status": ProposalStatus(to_status).label,
                "titles": ", ".join(f"« {p.title} »" for p in refused[:10])
                + (" …" if len(refused) > 10 else ""),
            },
        )
    with transaction.atomic():
        for proposal in proposals:
            if to_status in Outcome.values:
                decision_take(
                    proposal=proposal,
                    outcome=to_status,
                    decided_by=changed_by,
                    public_answer=public_answer,
                )
            else:
                proposal_status_change(
                    proposal=proposal,
                    to_status=to_status,
                    changed_by=changed_by,
                    public_answer=public_answer,
                )
    return len(proposals)


def _notify_revision_request(request_id: int) -> None:
    request = RevisionRequest.objects.select_related(
        "proposal__author", "proposal__step__process", "proposal__organization"
    ).get(pk=request_id)
    proposal = request.proposal
    author = proposal.author
    if author is None or not author.is_active:
        return
    edit_path = reverse(
        "proposals:edit",
        kwargs={"slug": proposal.step.process.slug, "step_id": proposal.step_id, "pk": proposal.pk},
    )
    with translation.override(author.language or "fr"):
        context = {
            "author": author,
            "proposal": proposal,
            "request": request,
            "url": absolute_url(proposal),
            "edit_url": f"{proposal.organization.site_url}{edit_path}",
        }
        subject = _("Please revise your proposal “%(title)s”") % {"title": proposal.title}
        body = render_to_string("analysis/email/revision_request.txt", context)
    EmailMessage(subject=subject, body=body, to=[author.email]).send()
