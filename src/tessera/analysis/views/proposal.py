"""A proposal's analysis page and its forms: one analysis per assigned service, the internal
comments, the assignment, the revision request and the decision.

Each form posts to its own URL; a form with errors is shown again on the page (status 400) with
everything typed, the other forms as they were.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tessera.accounts.requests import require, user_of
from tessera.analysis import services
from tessera.analysis.forms import (
    AnalysisForm,
    AssignForm,
    DecisionForm,
    InternalCommentForm,
    RevisionRequestForm,
)
from tessera.analysis.models import Assignment, Eligibility
from tessera.analysis.rules import is_overdue
from tessera.analysis.selectors import internal_comments_of, revision_requests_of
from tessera.analysis.views.common import process_for, proposal_for
from tessera.processes.models import Process
from tessera.proposals.models import Proposal
from tessera.proposals.selectors import status_history


def _page_url(proposal: Proposal) -> str:
    return reverse(
        "analysis:proposal", kwargs={"slug": proposal.step.process.slug, "pk": proposal.pk}
    )


def _analysis_form(assignment: Assignment, process: Process, data: Any = None) -> AnalysisForm:
    analysis = getattr(assignment, "analysis", None)
    initial: dict[str, Any] = {"eligibility": Eligibility.UNDECIDED}
    if analysis is not None:
        initial = {
            "eligibility": analysis.eligibility,
            "ineligibility_reason": analysis.ineligibility_reason_id,
            "ineligibility_details": analysis.ineligibility_details,
            "feasibility_notes": analysis.feasibility_notes,
            "estimated_cost": analysis.estimated_cost,
            "recommendation": analysis.recommendation,
        }
    return AnalysisForm(data, initial=initial, process=process, prefix=f"analysis-{assignment.pk}")


def _render(
    request: HttpRequest,
    process: Process,
    proposal: Proposal,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page; `bound` holds the form that failed (by its name), shown with its errors."""
    bound = bound or {}
    user = request.user
    today = timezone.localdate()
    blocks = []
    for assignment in proposal.assignments.all():
        if not user.has_perm("analysis.view_analysis", assignment):
            continue
        analysis = getattr(assignment, "analysis", None)
        form = None
        if user.has_perm("analysis.change_analysis", assignment):
            form = bound.get(f"analysis-{assignment.pk}") or _analysis_form(assignment, process)
        blocks.append(
            {
                "assignment": assignment,
                "analysis": analysis,
                "form": form,
                "overdue": is_overdue(
                    assignment.due_date, analysis.submitted_at if analysis else None, today
                ),
            }
        )
    can = {
        "comment": user.has_perm("analysis.add_internal_comment", proposal),
        "assign": user.has_perm("analysis.assign", proposal),
        "revision": user.has_perm("analysis.request_revision", proposal),
        "decide": user.has_perm("analysis.decide", proposal),
    }
    context = {
        "process": process,
        "proposal": proposal,
        "decision": getattr(proposal, "decision", None),
        "all_assignments": list(proposal.assignments.all()),
        "blocks": blocks,
        "comments": list(internal_comments_of(proposal)),
        "history": list(status_history(proposal)),
        "revision_requests": list(revision_requests_of(proposal)),
        "can": can,
        "comment_form": bound.get("comment") or (InternalCommentForm() if can["comment"] else None),
        "assign_form": bound.get("assign") or (AssignForm() if can["assign"] else None),
        "revision_form": bound.get("revision")
        or (RevisionRequestForm() if can["revision"] else None),
        "decision_form": bound.get("decision") or (DecisionForm() if can["decide"] else None),
        "may_edit_until": proposal.author_may_edit_until
        if proposal.author_may_edit_until and proposal.author_may_edit_until > timezone.now()
        else None,
    }
    return render(request, "analysis/proposal.html", context, status=status)


def _load(request: HttpRequest, slug: str, pk: int) -> tuple[Process, Proposal]:
    process = process_for(request, slug)
    return process, proposal_for(request, process, pk)


@login_required
@require_GET
def proposal_analysis(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, proposal = _load(request, slug, pk)
    return _render(request, process, proposal)


@login_required
@require_POST
def analysis_save(request: HttpRequest, slug: str, pk: int, assignment_id: int) -> HttpResponse:
    process, proposal = _load(request, slug, pk)
    assignment = get_object_or_404(proposal.assignments.all(), pk=assignment_id)
    require(request, "analysis.change_analysis", assignment)
    form = _analysis_form(assignment, process, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.analysis_save(
                assignment=assignment,
                editor=user_of(request),
                eligibility=data["eligibility"],
                ineligibility_reason=data.get("ineligibility_reason"),
                ineligibility_details=data["ineligibility_details"],
                feasibility_notes=data["feasibility_notes"],
                estimated_cost=data["estimated_cost"],
                recommendation=data["recommendation"],
                submit=form.submitting,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.submitting:
                messages.success(request, _("The analysis is submitted."))
            else:
                messages.success(request, _("The draft analysis is saved."))
            return redirect(f"{_page_url(proposal)}#service-{assignment.service_id}")
    return _render(request, process, proposal, {f"analysis-{assignment.pk}": form}, status=400)


@login_required
@require_POST
def comment_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, proposal = _load(request, slug, pk)
    require(request, "analysis.add_internal_comment", proposal)
    form = InternalCommentForm(request.POST)
    if form.is_valid():
        services.internal_comment_add(
            proposal=proposal, author=user_of(request), body=form.cleaned_data["body"]
        )
        messages.success(request, _("Your comment is added."))
        return redirect(f"{_page_url(proposal)}#internal-comments")
    return _render(request, process, proposal, {"comment": form}, status=400)


@login_required
@require_POST
def assign(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, proposal = _load(request, slug, pk)
    require(request, "analysis.assign", proposal)
    form = AssignForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.assignments_create(
            proposals=[proposal],
            service=data["service"],
            analyst=data["analyst"],
            due_date=data["due_date"],
            assigned_by=user_of(request),
        )
        messages.success(
            request, _("The proposal is assigned to “%(service)s”.") % {"service": data["service"]}
        )
        return redirect(_page_url(proposal))
    return _render(request, process, proposal, {"assign": form}, status=400)


@login_required
@require_POST
def revision_request(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, proposal = _load(request, slug, pk)
    require(request, "analysis.request_revision", proposal)
    form = RevisionRequestForm(request.POST)
    if form.is_valid():
        try:
            services.revision_request_create(
                proposal=proposal,
                requested_by=user_of(request),
                reason=form.cleaned_data["reason"],
                deadline=form.deadline_at(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The author is asked to revise the proposal."))
            return redirect(_page_url(proposal))
    return _render(request, process, proposal, {"revision": form}, status=400)


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, proposal = _load(request, slug, pk)
    require(request, "analysis.decide", proposal)
    form = DecisionForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["public_answer"].strip():
            # The public answer becomes the proposal's official answer.
            require(request, "contributions.answer", proposal.contribution)
        try:
            services.decision_take(
                proposal=proposal,
                outcome=form.cleaned_data["outcome"],
                decided_by=user_of(request),
                public_answer=form.cleaned_data["public_answer"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision is recorded and the author informed."))
            return redirect(_page_url(proposal))
    return _render(request, process, proposal, {"decision": form}, status=400)
