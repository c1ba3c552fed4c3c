"""Voting with a one-time code (no account): the code and the whole ballot in one form.

A code casts one ballot. Where the step has several ballots (one per district, or the
city-wide one and the districts'), the person picks the one they vote in with the scope
selector, as on the paper entry page; the form keeps that scope, and everything ticked or
typed, when it comes back with errors. "Check my selection" shows the total and what is
wrong without using the code (the page works without JavaScript).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tessera.voting import ballot_rules as vote_rules
from tessera.voting.forms import VotingCodeForm
from tessera.voting.labels import points_cap_sentence, theme_limit_sentences
from tessera.voting.models import Scope
from tessera.voting.ratelimit import allow
from tessera.voting.selectors import (
    ballot_districts,
    ballot_proposals,
    ballot_rules_for,
    vote_settings_for,
)
from tessera.voting.services import BallotRefused, ballot_submit_with_code
from tessera.voting.views.ballot_form import choices_from_post
from tessera.voting.views.common import ballot_lines, scope_district, vote_step_for


def vote_with_code(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    checking = request.method == "POST" and request.POST.get("action") == "check"
    if request.method == "POST" and not checking and not allow(request, "code"):
        return render(request, "429.html", status=429)
    step = vote_step_for(request, slug, step_id)
    district = scope_district(request, step)
    settings = vote_settings_for(step)
    needs_district = settings.scope == Scope.DISTRICT and district is None
    proposals = (
        []
        if needs_district
        else list(ballot_proposals(step, district).select_related("theme").order_by("title"))
    )
    rules = ballot_rules_for(step, district, proposals)
    # Checking the selection needs no code yet: the one typed is kept, without an error.
    form = (
        VotingCodeForm(initial={"code": request.POST.get("code", "")[:40]})
        if checking
        else VotingCodeForm(request.POST or None)
    )
    errors: list[str] = []
    checked: list[vote_rules.Choice] | None = None
    if request.method == "POST":
        try:
            choices = choices_from_post(request.POST, settings.kind)
            checked = choices
            if checking:
                errors = [error.message for error in vote_rules.validate_ballot(rules, choices)]
            elif form.is_valid():
                ballot_submit_with_code(
                    code=form.cleaned_data["code"], step=step, choices=choices, district=district
                )
                return render(
                    request, "voting/code_done.html", {"step": step, "process": step.process}
                )
        except BallotRefused as refusal:
            errors = list(refusal.messages)
    ballot_lines(proposals, request.POST if request.method == "POST" else None, settings.kind)
    spent = vote_rules.total_cost(rules, checked or [])
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
            "districts": ballot_districts(step),
            "needs_district": needs_district,
            "limits": ballot_limits(rules),
            "checked": checking and not errors,
            "show_total": checked is not None and rules.budget is not None,
            "is_budget": rules.kind == vote_rules.BUDGET,
            "spent_text": vote_rules.format_money(spent),
            "envelope_text": (
                vote_rules.format_money(rules.budget) if rules.budget is not None else ""
            ),
            "over": rules.budget is not None and spent > rules.budget,
        },
        status=400 if errors or (form.is_bound and not form.is_valid()) else 200,
    )


def ballot_limits(rules: vote_rules.BallotRules) -> list[str]:
    """What this ballot asks, in the voter's words: the envelope, how many proposals, the
    points, the themes' quotas (the same sentences the errors use)."""
    limits = []
    if rules.budget is not None:
        limits.append(_("Envelope: %(amount)s") % {"amount": vote_rules.format_money(rules.budget)})
    if rules.min_spend:
        limits.append(
            _("Spend at least %(amount)s.") % {"amount": vote_rules.format_money(rules.min_spend)}
        )
    if rules.min_choices > 1 or rules.max_choices is None:
        limits.append(
            ngettext(
                "Choose at least %(count)d proposal",
                "Choose at least %(count)d proposals",
                rules.min_choices,
            )
            % {"count": rules.min_choices}
        )
    if rules.max_choices is not None:
        limits.append(
            ngettext(
                "Choose at most %(count)d proposal",
                "Choose at most %(count)d proposals",
                rules.max_choices,
            )
            % {"count": rules.max_choices}
        )
    if rules.kind == vote_rules.RANKED:
        limits.append(_("Rank your choices: 1 for your favourite, then 2, 3…"))
    if rules.points is not None:
        limits.append(
            ngettext("%(count)d point to spread", "%(count)d points to spread", rules.points)
            % {"count": rules.points}
        )
    cap = rules.max_points_per_proposal
    if cap is not None:
        limits.append(points_cap_sentence(cap))
    for limit in rules.theme_limits:
        limits += theme_limit_sentences(limit)
    return limits
