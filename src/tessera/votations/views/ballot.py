"""The resident's votation page: the question, a vote with an account or a one-time code,
the receipt, and a receipt's check. Without scripts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tessera.processes.models import Step
from tessera.processes.timeline import Phase
from tessera.votations.eligibility import refusal
from tessera.votations.models import QuestionKind, VotationSettings
from tessera.votations.selectors import (
    answers_of,
    own_ballot,
    participation_of,
    receipt_status,
    settings_for,
)
from tessera.votations.services import VoteRefused, ballot_cast
from tessera.votations.views.common import (
    grade_labels,
    posted_ballot,
    refusal_message,
    settings_or_404,
    votation_step_for,
)
from tessera.voting.ratelimit import allow


def votation_page(request: HttpRequest, step: Step) -> HttpResponse:
    """The step's page: the question and how to answer it, or why one cannot."""
    settings = settings_for(step)
    if settings is None:
        return _page(request, step, None, status_reason="not_ready")
    return _page(request, step, settings)


def _page(
    request: HttpRequest,
    step: Step,
    settings: VotationSettings | None,
    *,
    status_reason: str = "",
    error: str = "",
    chosen: int | None = None,
    grades: dict[int, int] | None = None,
    receipt: str = "",
    code: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "step": step,
        "process": step.process,
        "settings": settings,
        "phase": step.phase().value,
        "reason": status_reason,
        "error": error,
        "receipt": receipt,
        "code": code,
    }
    if settings is not None:
        participation = participation_of(user, step)
        own = own_ballot(participation) if participation is not None else None
        context.update(
            answers=answers_of(settings),
            judgment=settings.kind == QuestionKind.JUDGMENT,
            grade_labels=grade_labels(),
            own=own,
            voted=participation is not None,
            may_vote=user.has_perm("votations.vote", step),
            may_vote_with_code=user.has_perm("votations.vote_with_code", step),
            refusal=refusal(user, settings) if user.is_authenticated else "",
            chosen=chosen if chosen is not None else (own.answer_id if own else None),
            grades=grades if grades is not None else (own.grades if own else {}),
            may_view_results=user.has_perm("votations.view_results", step),
        )
    return render(request, "votations/votation.html", context, status=status)


@require_POST
def vote(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """A ballot sent with an account (cast or changed) or with a one-time code."""
    step = votation_step_for(request, slug, step_id)
    settings = settings_or_404(step)
    with_code = "code" in request.POST
    if not with_code and not request.user.is_authenticated:
        return redirect_to_login(step.get_absolute_url())
    permission = "votations.vote_with_code" if with_code else "votations.vote"
    chosen, grades = posted_ballot(request.POST, answers_of(settings))
    code = request.POST.get("code", "") if with_code else ""
    if not request.user.has_perm(permission, step):
        return _page(
            request, step, settings, error=_("You cannot vote here."), status=403, code=code
        )
    if not allow(request, "code" if with_code else "submit"):
        return _page(
            request,
            step,
            settings,
            error=_("Too many attempts: wait a minute, then try again."),
            chosen=chosen,
            grades=grades,
            code=code,
            status=429,
        )
    try:
        receipt = ballot_cast(
            settings=settings,
            voter=None if with_code else request.user,
            voting_code=code,
            census_code=request.POST.get("census_code", ""),
            answer=chosen,
            grades=grades,
        )
    except VoteRefused as refused:
        if refused.code == VoteRefused.INVALID and settings.kind == QuestionKind.JUDGMENT:
            message = _("Grade every answer.")
        else:
            message = refusal_message(refused)
        return _page(
            request,
            step,
            settings,
            error=message,
            chosen=chosen,
            grades=grades,
            code=code,
            status=400,
        )
    return _page(request, step, settings, receipt=receipt)


@require_http_methods(["GET"])
def receipt_check(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """Anyone checks that the ballot of a receipt is counted (or waits for the next mix)."""
    step = votation_step_for(request, slug, step_id)
    settings_or_404(step)
    receipt = request.GET.get("receipt", "").strip()
    status = receipt_status(step, receipt) if receipt else None
    return render(
        request,
        "votations/receipt.html",
        {
            "step": step,
            "process": step.process,
            "receipt": receipt,
            "status": status,
            "closed": step.phase() is Phase.PAST,
        },
        status=404 if receipt and status is None else 200,
    )
