"""The vote page: the eligible proposals, the basket (a draft until submitted), the submission.

Plain forms first: every button posts to the basket and comes back to the page at the
proposal acted on, so the page works without JavaScript and a voter far down a long list
keeps their place. `voting/basket.js` then posts the same forms with fetch and swaps in what
this view renders again from the partials of vote.html (`_fragment`): one template, one
source of truth, and every rule stays on the server.
"""

from __future__ import annotations

import random
from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessera.accounts.services import profile_facts_fill
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.processes.timeline import Phase
from tessera.proposals.models import Proposal
from tessera.proposals.selectors import proposals_search, visible
from tessera.proposals.views.lists import remember_seed, visitor_seed
from tessera.voting import ballot_rules as vote_rules
from tessera.voting import eligibility
from tessera.voting.basket import basket_apply, on_ballot_only, with_ranks
from tessera.voting.forms import BasketForm, SubmitForm, VoteFilterForm, VoterFactsForm
from tessera.voting.labels import rules_summary
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
    results_for_step,
    vote_settings_for,
)
from tessera.voting.services import draft_discard, draft_save
from tessera.voting.views.common import scope_district, vote_step_for, vote_url, voter_post

# The X-Requested-With header of the page's scripts (voting/basket.js): answer with fragments.
FETCH = "fetch"
DISCARD = "discard"


@dataclass(frozen=True)
class Basket:
    """The basket as the page shows it and the submission reads it."""

    choices: list[vote_rules.Choice]  # on this ballot, in the basket's order
    ballot: VoterBallot | None  # the voter's submitted ballot
    unsaved: bool  # a draft holds changes not submitted yet
    left: list[int]  # chosen proposals no longer on this ballot


@dataclass(frozen=True)
class Line:
    """A line of the basket, read from the ballot's rules (no query)."""

    pk: int
    title: str
    cost_text: str
    choice: vote_rules.Choice


@dataclass(frozen=True)
class CardProposal:
    """What a card's form shows of its proposal, in a fetch response."""

    pk: int
    title: str
    chosen_points: int | None


def _submitted(ballot: VoterBallot | None) -> list[vote_rules.Choice]:
    if ballot is None:
        return []
    return [vote_rules.Choice(c.proposal_id, None, c.points) for c in ballot.choices]


def basket_of(
    user: Any, step: Step, district: District | None, on_ballot: Container[int]
) -> Basket:
    """The basket: the draft, else the submitted ballot while it is linked to its voter."""
    ballot = ballot_of(user, step, district)
    draft = draft_of(user, step, district)
    choices = draft_choices(draft) if draft is not None else _submitted(ballot)
    kept, left = on_ballot_only(choices, on_ballot)
    return Basket(kept, ballot, draft is not None, left)


def vote_page_view(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    return vote_page(request, vote_step_for(request, slug, step_id))


def vote_page(
    request: HttpRequest, step: Step, facts_form: VoterFactsForm | None = None
) -> HttpResponse:
    settings = vote_settings_for(step)
    district = scope_district(request, step)
    needs_district = settings.scope == Scope.DISTRICT and district is None
    proposals: list[Proposal] = []
    if not needs_district:
        proposals = list(
            ballot_proposals(step, district).select_related("theme", "district", "step__process")
        )
    rules = ballot_rules_for(step, district, proposals)
    basket = basket_of(request.user, step, district, rules.proposals)
    context = _basket_context(request, step, district, rules, basket, request.GET.urlencode())
    counts = None
    if request.user.has_perm("voting.view_counts", step):
        counts = live_scores(step, settings.kind)
    for proposal in proposals:
        proposal.vote_count = counts.get(proposal.pk, 0) if counts is not None else 0  # type: ignore[attr-defined]
        choice = context["chosen"].get(proposal.pk)
        proposal.chosen_points = choice.points if choice is not None else None  # type: ignore[attr-defined]
        proposal.cost_text = vote_rules.format_money(proposal.estimated_cost or 0)  # type: ignore[attr-defined]
    listed = _listed(request, step, district, proposals)
    context |= {
        "districts": ballot_districts(step),
        "needs_district": needs_district,
        "rule_lines": [] if needs_district else rules_summary(settings, rules),
        "form": listed["form"],
        "proposals": listed["proposals"],
        "proposal_count": len(proposals),
        "counts": counts,
        "results": results_for_step(step),
    }
    status = 200
    if facts_form is not None:  # sent with an error: shown again as typed, next to the field
        context["facts_form"], status = facts_form, 400
    response = render(request, "voting/vote.html", context, status=status)
    return remember_seed(request, response)


def _basket_context(
    request: HttpRequest,
    step: Step,
    district: District | None,
    rules: vote_rules.BallotRules,
    basket: Basket,
    query: str,
) -> dict[str, Any]:
    """What the basket, its summary and the cards' forms show: the page and the fetch response
    both take it from here, so they always say the same."""
    settings = vote_settings_for(step)
    ranked = with_ranks(settings.kind, basket.choices)
    spent = vote_rules.total_cost(rules, ranked)
    points_used = sum(choice.points or 0 for choice in ranked)
    can_vote = request.user.has_perm("voting.vote", step)
    changeable = basket.ballot is None or may_change(request, step, basket.ballot)
    refusal = vote_refusal(request.user, step, district)
    missing = eligibility.missing_facts(request.user, step, district) if refusal else []
    return {
        "step": step,
        "process": step.process,
        "phase": step.phase(),
        "settings": settings,
        "district": district,
        "lines": [_line(rules, choice) for choice in ranked],
        "chosen": {choice.proposal_id: choice for choice in ranked},
        "errors": vote_rules.validate_ballot(rules, ranked)
        if basket.choices or basket.unsaved
        else [],
        "left_notices": _left_notices(basket.left),
        "ballot": basket.ballot,
        "unsaved": basket.unsaved,
        "envelope": rules.budget,
        "spent": spent,
        "spent_text": vote_rules.format_money(spent),
        "envelope_text": vote_rules.format_money(rules.budget) if rules.budget is not None else "",
        "remaining_choices": None if rules.max_choices is None else rules.max_choices - len(ranked),
        "points_used": points_used,
        "points_left": None if rules.points is None else rules.points - points_used,
        "can_vote": can_vote,
        "refusal": refusal,
        "facts_form": VoterFactsForm(missing=missing, districts=ballot_districts(step))
        if missing
        else None,
        "may_edit": can_vote and changeable and refusal is None,
        "query": query,
        "scope_value": district.slug if district is not None else "",
        "submit_form": SubmitForm(),
        "is_ranked": settings.kind == vote_rules.RANKED,
        "is_points": settings.kind == vote_rules.POINTS,
        "is_budget": settings.kind == vote_rules.BUDGET,
    }


def _line(rules: vote_rules.BallotRules, choice: vote_rules.Choice) -> Line:
    option = rules.proposals[choice.proposal_id]
    return Line(option.id, option.title, vote_rules.format_money(option.cost), choice)


def _left_notices(proposal_ids: list[int]) -> list[str]:
    """One sentence per chosen proposal that left the ballot. Its title only while it is
    public: a proposal hidden by the moderation is not named again."""
    if not proposal_ids:
        return []
    titles = dict(visible(Proposal.objects.filter(pk__in=proposal_ids)).values_list("pk", "title"))
    named = _("“%(title)s” is no longer part of this vote: it is left out of your selection.")
    unnamed = _("A project of your selection is no longer part of this vote.")
    return [named % {"title": titles[pk]} if pk in titles else unnamed for pk in proposal_ids]


def vote_refusal(user: Any, step: Step, district: District | None) -> str | None:
    """Why this signed-in voter may not vote on this ballot, in their language; None when they
    may, or when the page already says why not (not signed in, vote not open). The checks of
    `services.ballot_submit`, told before the voter fills a basket in vain."""
    if not user.is_authenticated or step.phase() is not Phase.CURRENT:
        return None
    problem = eligibility.refusal(user, step, district)
    if problem is not None:
        return problem.message
    if not user.has_perm("voting.vote", step):
        return _("Your account cannot vote in this step.")
    return None


def may_change(request: HttpRequest, step: Step, ballot: VoterBallot) -> bool:
    """A ballot no longer linked to its voter (cast while changes were off) stays as it is."""
    return ballot.linked and request.user.has_perm("voting.change_ballot", step)


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


def back_to_vote(
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


def _anchor(data: dict[str, Any], origin: str) -> str:
    """Where the page comes back to: the proposal's card, so a voter far down a long list keeps
    their place; the basket for the basket's own buttons."""
    if origin == "basket" or data["proposal"] is None or data["action"] in {"clear", DISCARD}:
        return "basket"
    return f"proposal-{data['proposal']}"


@require_POST
@login_required
def voter_facts(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """The year of birth or the district the vote page asked for, where the profile lacked
    it: kept in the profile, then back to the ballot (which says if the voter may vote)."""
    if not allow(request, "basket"):
        return render(request, "429.html", status=429)
    step = vote_step_for(request, slug, step_id)
    if step.phase() is not Phase.CURRENT:
        raise PermissionDenied
    district = scope_district(request, step)
    missing = eligibility.missing_facts(request.user, step, district)
    if not missing:  # known already, or frozen by a ballot: nothing to give here
        return HttpResponseRedirect(vote_url(step, district))
    form = VoterFactsForm(request.POST, missing=missing, districts=ballot_districts(step))
    if not form.is_valid():
        return vote_page(request, step, facts_form=form)
    district_given = form.cleaned_data.get("district")
    profile_facts_fill(
        user=request.user,  # type: ignore[arg-type]
        year_of_birth=form.cleaned_data.get("year_of_birth"),
        district_id=district_given.pk if district_given is not None else None,
    )
    messages.success(request, _("Kept in your profile."))
    return HttpResponseRedirect(vote_url(step, district))


def _is_fetch(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == FETCH


@require_POST
@login_required
def basket_update(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """Add, remove, move or set points in the basket; it stays a draft until submitted."""
    checked = voter_post(request, slug, step_id, "basket")
    if isinstance(checked, HttpResponse):
        return checked
    step, district = checked.step, checked.district
    form = BasketForm(request.POST)
    query = request.POST.get("query", "")
    if not form.is_valid():
        if _is_fetch(request):  # the script then posts the form itself, which says what failed
            return HttpResponseBadRequest()
        messages.error(request, _("This action is not understood."))
        return back_to_vote(step, district, query)
    # The ballot as submissions read it (the step's cached rules), so what is kept can be sent.
    rules = ballot_rules_for(step, district)
    before = basket_of(request.user, step, district, rules.proposals)
    if before.ballot is not None and not may_change(request, step, before.ballot):
        raise PermissionDenied
    after = _basket_change(request.user, step, district, before, form.cleaned_data, rules)
    if _is_fetch(request):
        return _fragment(request, step, district, rules, before, after, form.cleaned_data, query)
    return back_to_vote(
        step, district, query, _anchor(form.cleaned_data, request.POST.get("origin", ""))
    )


def _basket_change(
    voter: Any,
    step: Step,
    district: District | None,
    before: Basket,
    data: dict[str, Any],
    rules: vote_rules.BallotRules,
) -> Basket:
    """Apply one button and keep the result as a draft; no draft at all once the basket is the
    submitted ballot again, or empty with nothing submitted (nothing to tell the voter)."""
    if data["action"] == DISCARD:
        draft_discard(voter=voter, step=step, district=district)
        kept, left = on_ballot_only(_submitted(before.ballot), rules.proposals)
        return Basket(kept, before.ballot, False, left)
    choices = basket_apply(
        data["action"], data["proposal"], data["points"], before.choices, rules.proposals
    )
    if not choices and before.ballot is None:
        draft_discard(voter=voter, step=step, district=district)
        return Basket([], None, False, [])
    draft_save(voter=voter, step=step, district=district, choices=choices)
    return Basket(choices, before.ballot, True, [])


def _fragment(
    request: HttpRequest,
    step: Step,
    district: District | None,
    rules: vote_rules.BallotRules,
    before: Basket,
    after: Basket,
    data: dict[str, Any],
    query: str,
) -> HttpResponse:
    """The basket, its summary, the form of every card whose state changed and a sentence for
    screen readers: what voting/basket.js swaps into the page."""
    context = _basket_context(request, step, district, rules, after, query)
    was = {choice.proposal_id: choice.points for choice in before.choices}
    now = {choice.proposal_id: choice.points for choice in after.choices}
    # Chosen or not, and with how many points (None for other ballots: compare presence too).
    changed = set(was.keys() ^ now.keys())
    changed |= {pk for pk in was.keys() & now.keys() if was[pk] != now[pk]}
    if data["proposal"] is not None:  # the pressed card comes back even when nothing changed
        changed.add(data["proposal"])
    context["cards"] = [
        CardProposal(pk, rules.proposals[pk].title, now.get(pk))
        for pk in sorted(changed)
        if pk in rules.proposals
    ]
    context["done"] = data["action"] if before.choices != after.choices else ""
    return render(request, "voting/vote.html#fetch_response", context)
