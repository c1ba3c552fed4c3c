"""Submitting the basket as the ballot, and the confirmation page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tessera.proposals.models import Proposal
from tessera.voting import ballot_rules as vote_rules
from tessera.voting.basket import on_ballot_only, with_ranks
from tessera.voting.forms import SubmitForm
from tessera.voting.selectors import (
    ballot_of,
    ballot_rules_for,
    draft_choices,
    draft_of,
    participation_of,
    vote_settings_for,
)
from tessera.voting.services import BallotRefused, ballot_submit
from tessera.voting.views.common import scope_district, vote_step_for, vote_url, voter_post

# The X-Requested-With header of the page's scripts (voting/basket.js): answer with fragments.
from tessera.voting.views.vote import back_to_vote, may_change


@require_POST
@login_required
def ballot_submit_view(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """Submit the basket as the ballot: validated again on the server, stored at once."""
    checked = voter_post(request, slug, step_id, "submit")
    if isinstance(checked, HttpResponse):
        return checked
    step, district = checked.step, checked.district
    # Only the draft is submitted: the stored ballot need not be read (the service finds it).
    draft = draft_of(request.user, step, district)
    if draft is None and participation_of(request.user, step, district) is not None:
        return redirect(vote_url(step, district, "thanks"))
    # What left the ballot since it was chosen is left out, as the page said; the rest is
    # judged by the service like any ballot (at least N choices…).
    choices, _left = on_ballot_only(
        draft_choices(draft), ballot_rules_for(step, district).proposals
    )
    form = SubmitForm(request.POST)
    code = form.cleaned_data["census_code"] if form.is_valid() else ""
    try:
        ballot_submit(
            voter=request.user,  # type: ignore[arg-type]
            step=step,
            choices=with_ranks(vote_settings_for(step).kind, choices),
            district=district,
            census_code=code,
        )
    except BallotRefused as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return back_to_vote(step, district)
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
            "secret": not ballot.linked,
            "lines": lines,
            "total_text": vote_rules.format_money(total),
            "settings": vote_settings_for(step),
            "can_change": may_change(request, step, ballot),
        },
    )
