"""Voting with a one-time code (no account): the code and the whole ballot in one form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tessera.voting.forms import VotingCodeForm
from tessera.voting.ratelimit import allow
from tessera.voting.selectors import ballot_proposals, ballot_rules_for, vote_settings_for
from tessera.voting.services import BallotRefused, ballot_submit_with_code
from tessera.voting.views.ballot_form import choices_from_post
from tessera.voting.views.common import scope_district, vote_step_for


def vote_with_code(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    if request.method == "POST" and not allow(request, "code"):
        return render(request, "429.html", status=429)
    step = vote_step_for(request, slug, step_id)
    district = scope_district(request, step)
    settings = vote_settings_for(step)
    proposals = list(ballot_proposals(step, district).select_related("theme").order_by("title"))
    form = VotingCodeForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            choices = choices_from_post(request.POST, settings.kind)
            ballot_submit_with_code(
                code=form.cleaned_data["code"], step=step, choices=choices, district=district
            )
        except BallotRefused as refusal:
            errors = list(refusal.messages)
        else:
            return render(request, "voting/code_done.html", {"step": step, "process": step.process})
    rules = ballot_rules_for(step, district, proposals)
    return render(
        request,
        "voting/code.html",
        {
            "step": step,
            "process": step.process,
            "settings": settings,
            "proposals": proposals,
            "form": form,
            "errors": errors,
            "rules": rules,
            "title": _("Vote with a voting code"),
            "district": district,
        },
        status=400 if errors else 200,
    )
