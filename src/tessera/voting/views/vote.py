"""The vote page: the eligible proposals, the basket (a draft until submitted), the submission.

Plain forms: every button posts to the basket and comes back to the page, so the page works
without JavaScript.
"""

from __future__ import annotations

import random
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.proposals.selectors import proposals_search
from tessera.proposals.views.lists import visitor_seed
from tessera.voting import rules as vote_rules
from tessera.voting.forms import BasketForm, SubmitForm, VoteFilterForm
from tessera.voting.models import Scope
from tessera.voting.ratelimit import allow
from tessera.voting.selectors import (
    VoterBallot,
    ballot_districts,
    ballot_of,
    ballot_proposals,
    ballot_rules_for,
    draft_choices,
    draft_of,
    live_scores,
    participation_of,
    results_for_step,
    vote_settings_for,
)
from tessera.voting.services import BallotRefused, ballot_submit, draft_save
from tessera.voting.views.common import scope_district, vote_step_for, vote_url


def with_ranks(kind: str, choices: list[vote_rules.Choice]) -> list[vote_rules.Choice]:
    """The basket's order is the ranking of a ranked ballot (rank 1 first)."""
    if kind != vote_rules.RANKED:
        return choices
    return [vote_rules.Choice(c.proposal_id, index + 1, None) for index, c in enumerate(choices)]


def basket_of(
    user: Any, step: Step, district: Any
) -> tuple[list[vote_rules.Choice], VoterBallot | None, bool]:
    """The basket (the draft, else the submitted ballot while it is linked to its voter),
    the voter's ballot, and whether the basket holds changes not yet submitted."""
    ballot = ballot_of(user, step, district)
    draft = draft_of(user, step, district)
    if draft is not None:
        return draft_choices(draft), ballot, True
    if ballot is not None:
        choices = [vote_rules.Choice(c.proposal_id, None, c.points) for c in ballot.choices]
        return choices, ballot, False
    return [], None, False


def vote_page_view(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    return vote_page(request, vote_step_for(request, slug, step_id))


def vote_page(request: HttpRequest, step: Step) -> HttpResponse:
    settings = vote_settings_for(step)
    districts = ballot_districts(step)
    district = scope_district(request, step)
    needs_district = settings.scope == Scope.DISTRICT and district is None
    proposals: list[Proposal] = []
    if not needs_district:
        proposals = list(
            ballot_proposals(step, district).select_related("theme", "district", "step__process")
        )
    by_id = {proposal.pk: proposal for proposal in proposals}
    rules = ballot_rules_for(step, district, proposals)
    choices, ballot, unsaved = basket_of(request.user, step, district)
    choices = [choice for choice in choices if choice.proposal_id in by_id]
    ranked = with_ranks(settings.kind, choices)
    errors = vote_rules.validate_ballot(rules, ranked) if choices or unsaved else []
    spent = vote_rules.total_cost(rules, choices)
    points_used = sum(choice.points or 0 for choice in choices)
    listed = _listed(request, step, district, proposals)
    chosen = {choice.proposal_id: choice for choice in ranked}
    counts = None
    if request.user.has_perm("voting.view_counts", step):
        counts = live_scores(step, settings.kind)
    for proposal in proposals:
        proposal.vote_count = counts.get(proposal.pk, 0) if counts is not None else 0  # type: ignore[attr-defined]
        choice = chosen.get(proposal.pk)
        proposal.chosen_points = choice.points if choice is not None else None  # type: ignore[attr-defined]
        proposal.cost_text = vote_rules.format_money(proposal.estimated_cost or 0)  # type: ignore[attr-defined]
    can_vote = request.user.has_perm("voting.vote", step)
    may_change = ballot is None or _may_change(request, step, ballot)
    context = {
        "step": step,
        "process": step.process,
        "phase": step.phase(),
        "settings": settings,
        "districts": districts,
        "district": district,
        "needs_district": needs_district,
        "form": listed["form"],
        "proposals": listed["proposals"],
        "proposal_count": len(proposals),
        "chosen": chosen,
        "lines": [(by_id[choice.proposal_id], choice) for choice in ranked],
        "errors": errors,
        "ballot": ballot,
        "unsaved": unsaved,
        "envelope": rules.budget,
        "spent": spent,
        "spent_text": vote_rules.format_money(spent),
        "envelope_text": vote_rules.format_money(rules.budget) if rules.budget is not None else "",
        "remaining_choices": None
        if rules.max_choices is None
        else rules.max_choices - len(choices),
        "points_used": points_used,
        "points_left": None if rules.points is None else rules.points - points_used,
        "counts": counts,
        "can_vote": can_vote,
        "may_edit": can_vote and may_change,
        "results": results_for_step(step),
        "query": request.GET.urlencode(),
        "scope_value": district.slug if district is not None else "",
        "submit_form": SubmitForm(),
        "is_ranked": settings.kind == vote_rules.RANKED,
        "is_points": settings.kind == vote_rules.POINTS,
        "is_budget": settings.kind == vote_rules.BUDGET,
    }
    return render(request, "voting/vote.html", context)


def _may_change(request: HttpRequest, step: Step, ballot: VoterBallot) -> bool:
    """A ballot no longer linked to its voter (cast while changes were off) stays as it is."""
    return ballot.ballot is not None and request.user.has_perm("voting.change_ballot", step)


def _listed(
    request: HttpRequest, step: Step, district: Any, proposals: list[Proposal]
) -> dict[str, Any]:
    """The proposals shown: filtered, searched, in a random order stable for this visitor."""
    form = VoteFilterForm(request.GET or None)
    shown = proposals
    if form.is_valid():
        data = form.cleaned_data
        if data["theme"]:
            shown = [p for p in shown if p.theme_id == data["theme"].pk]
        if data["district"]:
            shown = [p for p in shown if p.district_id == data["district"].pk]
        if data["q"].strip():
            found = set(
                proposals_search(ballot_proposals(step, district), data["q"]).values_list(
                    "pk", flat=True
                )
            )
            shown = [p for p in shown if p.pk in found]
    shown = sorted(shown, key=lambda p: p.pk)
    random.Random(visitor_seed(request) + step.pk).shuffle(shown)
    return {"form": form, "proposals": shown}


def _back(
    step: Step, district: Any, query: str = "", anchor: str = "basket"
) -> HttpResponseRedirect:
    url = vote_url(step)
    params = dict(_safe_query(query))
    if district is not None:
        params["scope"] = district.slug
    return redirect(f"{url}?{urlencode(params)}#{anchor}" if params else f"{url}#{anchor}")


def _safe_query(query: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return [(k, v) for k, v in parse_qsl(query)[:10] if k in {"q", "theme", "district", "scope"}]


@require_POST
@login_required
def basket_update(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """Add, remove, move or set points in the basket; it stays a draft until submitted."""
    if not allow(request, "basket"):
        return render(request, "429.html", status=429)
    step = vote_step_for(request, slug, step_id)
    district = scope_district(request, step)
    if not request.user.has_perm("voting.vote", step):
        raise PermissionDenied
    form = BasketForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This action is not understood."))
        return _back(step, district, request.POST.get("query", ""))
    choices, ballot, _unsaved = basket_of(request.user, step, district)
    if ballot is not None and not _may_change(request, step, ballot):
        raise PermissionDenied
    allowed = set(ballot_proposals(step, district).values_list("pk", flat=True))
    choices = _apply(form.cleaned_data, choices, allowed)
    draft_save(voter=request.user, step=step, district=district, choices=choices)  # type: ignore[arg-type]
    return _back(step, district, request.POST.get("query", ""))


def _apply(
    data: dict[str, Any], choices: list[vote_rules.Choice], allowed: set[int]
) -> list[vote_rules.Choice]:
    action, proposal_id, points = data["action"], data["proposal"], data["points"]
    ids = [choice.proposal_id for choice in choices]
    if action == "clear":
        return []
    if proposal_id is None:
        return choices
    if action == "add" and proposal_id in allowed and proposal_id not in ids:
        return [*choices, vote_rules.Choice(proposal_id, None, points or None)]
    if action == "remove":
        return [choice for choice in choices if choice.proposal_id != proposal_id]
    if action in {"up", "down"} and proposal_id in ids:
        index = ids.index(proposal_id)
        other = index - 1 if action == "up" else index + 1
        if 0 <= other < len(choices):
            choices = list(choices)
            choices[index], choices[other] = choices[other], choices[index]
        return choices
    if action == "points" and proposal_id in allowed:
        kept = [c for c in choices if c.proposal_id != proposal_id]
        if not points:
            return kept
        if proposal_id in ids:
            return [
                vote_rules.Choice(
                    c.proposal_id, None, points if c.proposal_id == proposal_id else c.points
                )
                for c in choices
            ]
        return [*choices, vote_rules.Choice(proposal_id, None, points)]
    return choices


@require_POST
@login_required
def ballot_submit_view(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """Submit the basket as the ballot: validated again on the server, stored at once."""
    if not allow(request, "submit"):
        return render(request, "429.html", status=429)
    step = vote_step_for(request, slug, step_id)
    district = scope_district(request, step)
    if not request.user.has_perm("voting.vote", step):
        raise PermissionDenied
    # Only the draft is submitted: the stored ballot need not be read (the service finds it).
    draft = draft_of(request.user, step, district)
    if draft is None and participation_of(request.user, step, district) is not None:
        return redirect(vote_url(step, district, "thanks"))
    choices = draft_choices(draft)
    form = SubmitForm(request.POST)
    code = form.data.get("census_code", "") if form.is_valid() else ""
    try:
        ballot_submit(
            voter=request.user,  # type: ignore[arg-type]
            step=step,
            choices=with_ranks(vote_settings_for(step).kind, choices),
            district=district,
            census_code=str(code),
        )
    except BallotRefused as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return _back(step, district)
    return redirect(vote_url(step, district, "thanks"))


@login_required
def ballot_thanks(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """The confirmation page: the submitted ballot, and whether it can still change."""
    step = vote_step_for(request, slug, step_id)
    district = scope_district(request, step)
    ballot = ballot_of(request.user, step, district)
    if ballot is None:
        return redirect(vote_url(step, district))
    choices = ballot.choices
    proposals = Proposal.objects.in_bulk([choice.proposal_id for choice in choices])
    lines = [(proposals[c.proposal_id], c) for c in choices if c.proposal_id in proposals]
    total = sum(p.estimated_cost or 0 for p, _c in lines)
    for proposal, _choice in lines:
        proposal.cost_text = vote_rules.format_money(proposal.estimated_cost or 0)
    return render(
        request,
        "voting/thanks.html",
        {
            "step": step,
            "process": step.process,
            "district": district,
            "ballot": ballot,
            "secret": ballot.ballot is None,
            "lines": lines,
            "total_text": vote_rules.format_money(total),
            "settings": vote_settings_for(step),
            "can_change": _may_change(request, step, ballot),
        },
    )
