"""What a vote accepts (DESIGN.md, "Vote rules"): pure, no request and no database.

`validate_ballot(rules, choices)` takes plain dataclasses and returns the broken rules, each
with a code and a message in the active language. The server calls it before storing any
ballot (online, paper, by code), and the vote page calls it to explain the basket; who may
vote is decided in voting/rules.py (the permissions) on `eligibility_problem` below.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language, gettext, ngettext

APPROVAL, BUDGET, RANKED, POINTS = "approval", "budget", "ranked", "points"
VOTE = "vote"

# French typography: narrow no-break space between thousands, no-break space before the sign.
THOUSANDS_SEPARATOR = "\u202f"
CURRENCY_SEPARATOR = "\u00a0"


def format_money(amount: int, language: str | None = None) -> str:
    """An amount in euros as the language writes it (default: the active language): French
    42000 -> "42 000 €" (narrow no-break spaces), English -> "€42,000"."""
    language = language or get_language() or "fr"
    if language.startswith("en"):
        return f"€{amount:,}"
    return f"{amount:,}".replace(",", THOUSANDS_SEPARATOR) + CURRENCY_SEPARATOR + "€"


@dataclass(frozen=True, slots=True)
class ProposalOption:
    """A proposal on this ballot: what the rules need to know of it."""

    id: int
    cost: int = 0
    theme_id: int | None = None
    theme_name: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class ThemeLimit:
    theme_id: int
    theme_name: str
    min_choices: int | None = None
    max_choices: int | None = None
    min_amount: int | None = None
    max_amount: int | None = None


@dataclass(frozen=True, slots=True)
class BallotRules:
    """The limits of one ballot (one step and scope) and the proposals it may name."""

    kind: str
    proposals: Mapping[int, ProposalOption]
    min_choices: int = 1
    max_choices: int | None = None
    budget: int | None = None
    min_spend: int | None = None
    points: int | None = None
    max_points_per_proposal: int | None = None
    theme_limits: tuple[ThemeLimit, ...] = ()


@dataclass(frozen=True, slots=True)
class Choice:
    """One line of a ballot: a proposal, its rank (ranked ballots) or its points."""

    proposal_id: int
    rank: int | None = None
    points: int | None = None


@dataclass(frozen=True, slots=True)
class BallotError:
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


def min_spend_amount(budget: int | None, amount: int | None, percent: int | None) -> int | None:
    """The minimum spend as an amount: the larger of the amount and the share of the budget."""
    candidates = [amount or 0]
    if budget is not None and percent:
        candidates.append(math.ceil(budget * percent / 100))
    best = max(candidates)
    return best or None


def validate_ballot(rules: BallotRules, choices: Sequence[Choice]) -> list[BallotError]:
    """Every rule this ballot breaks (empty: the ballot is valid).

    Forged input is refused first (a proposal not on the ballot, a proposal twice, negative
    points, ranks that are not 1..k); the limits are then checked on what remains.
    """
    errors = _forgery_errors(rules, choices)
    if errors:
        return errors
    errors += _count_errors(rules, len(choices))
    if rules.kind == BUDGET or (rules.budget is not None and rules.kind == APPROVAL):
        errors += _budget_errors(rules, choices)
    if rules.kind == POINTS:
        errors += _points_errors(rules, choices)
    errors += _theme_errors(rules, choices)
    return errors


def total_cost(rules: BallotRules, choices: Sequence[Choice]) -> int:
    return sum(
        rules.proposals[c.proposal_id].cost for c in choices if c.proposal_id in rules.proposals
    )


def _forgery_errors(rules: BallotRules, choices: Sequence[Choice]) -> list[BallotError]:
    errors: list[BallotError] = []
    ids = [choice.proposal_id for choice in choices]
    if any(proposal_id not in rules.proposals for proposal_id in ids):
        errors.append(BallotError("unknown", gettext("A chosen proposal is not on this ballot.")))
    if len(set(ids)) != len(ids):
        errors.append(BallotError("duplicate", gettext("A proposal is chosen more than once.")))
    if rules.kind == POINTS:
        if any(choice.points is None or choice.points < 1 for choice in choices):
            errors.append(
                BallotError("points", gettext("Give at least one point to each chosen proposal."))
            )
    elif any(choice.points is not None for choice in choices):
        errors.append(BallotError("points", gettext("This ballot does not take points.")))
    if rules.kind == RANKED:
        ranks = sorted(choice.rank for choice in choices if choice.rank is not None)
        if ranks != list(range(1, len(choices) + 1)):
            errors.append(
                BallotError(
                    "rank",
                    gettext("Ranks must run from 1 to %(count)d without gaps.")
                    % {"count": len(choices)},
                )
            )
    elif any(choice.rank is not None for choice in choices):
        errors.append(BallotError("rank", gettext("This ballot does not take ranks.")))
    return errors


def _count_errors(rules: BallotRules, count: int) -> list[BallotError]:
    if count < rules.min_choices:
        message = ngettext(
            "Choose at least %(count)d proposal",
            "Choose at least %(count)d proposals",
            rules.min_choices,
        ) % {"count": rules.min_choices}
        return [BallotError("min_choices", message, {"count": rules.min_choices})]
    if rules.max_choices is not None and count > rules.max_choices:
        message = ngettext(
            "Choose at most %(count)d proposal",
            "Choose at most %(count)d proposals",
            rules.max_choices,
        ) % {"count": rules.max_choices}
        return [BallotError("max_choices", message, {"count": rules.max_choices})]
    return []


def _budget_errors(rules: BallotRules, choices: Sequence[Choice]) -> list[BallotError]:
    spent = total_cost(rules, choices)
    if rules.budget is not None and spent > rules.budget:
        # Says by how much, the figure the voter needs to fix the basket.
        message = gettext("Your selection exceeds the envelope by %(amount)s") % {
            "amount": format_money(spent - rules.budget)
        }
        return [BallotError("budget", message, {"budget": rules.budget, "total": spent})]
    if rules.min_spend is not None and spent < rules.min_spend:
        message = gettext("Spend at least %(amount)s (your selection: %(total)s)") % {
            "amount": format_money(rules.min_spend),
            "total": format_money(spent),
        }
        return [BallotError("min_spend", message, {"amount": rules.min_spend, "total": spent})]
    return []


def _points_errors(rules: BallotRules, choices: Sequence[Choice]) -> list[BallotError]:
    errors: list[BallotError] = []
    used = sum(choice.points or 0 for choice in choices)
    if rules.points is not None and used > rules.points:
        message = gettext("You have %(count)d points to spread; your ballot uses %(used)d.") % {
            "count": rules.points,
            "used": used,
        }
        errors.append(BallotError("points_total", message, {"count": rules.points, "used": used}))
    cap = rules.max_points_per_proposal
    if cap is not None and any((choice.points or 0) > cap for choice in choices):
        message = ngettext(
            "At most %(count)d point per proposal", "At most %(count)d points per proposal", cap
        ) % {"count": cap}
        errors.append(BallotError("points_per_proposal", message, {"count": cap}))
    return errors


def _theme_errors(rules: BallotRules, choices: Sequence[Choice]) -> list[BallotError]:
    errors: list[BallotError] = []
    counts: Counter[int | None] = Counter()
    amounts: Counter[int | None] = Counter()
    for choice in choices:
        option = rules.proposals[choice.proposal_id]
        counts[option.theme_id] += 1
        amounts[option.theme_id] += option.cost
    for limit in rules.theme_limits:
        count, amount = counts[limit.theme_id], amounts[limit.theme_id]
        theme = limit.theme_name
        if limit.min_choices is not None and count < limit.min_choices:
            message = ngettext(
                "Choose at least %(count)d proposal in the theme “%(theme)s”",
                "Choose at least %(count)d proposals in the theme “%(theme)s”",
                limit.min_choices,
            ) % {"count": limit.min_choices, "theme": theme}
            errors.append(BallotError("theme_min_choices", message))
        if limit.max_choices is not None and count > limit.max_choices:
            message = ngettext(
                "Choose at most %(count)d proposal in the theme “%(theme)s”",
                "Choose at most %(count)d proposals in the theme “%(theme)s”",
                limit.max_choices,
            ) % {"count": limit.max_choices, "theme": theme}
            errors.append(BallotError("theme_max_choices", message))
        if limit.min_amount is not None and amount < limit.min_amount:
            message = gettext("Spend at least %(amount)s in the theme “%(theme)s”") % {
                "amount": format_money(limit.min_amount),
                "theme": theme,
            }
            errors.append(BallotError("theme_min_amount", message))
        if limit.max_amount is not None and amount > limit.max_amount:
            message = gettext("Spend at most %(amount)s in the theme “%(theme)s”") % {
                "amount": format_money(limit.max_amount),
                "theme": theme,
            }
            errors.append(BallotError("theme_max_amount", message))
    return errors


def eligibility_problem(
    *,
    year_of_birth: int | None,
    home_district_id: int | None,
    ballot_district_id: int | None,
    min_age: int | None,
    residence_required: bool,
    this_year: int,
) -> str | None:
    """Why this voter may not cast this ballot (a message), or None.

    The age is counted from the year of birth only (the profile has no full date): someone
    born in 2010 is 16 for the whole of 2026.
    """
    if min_age is not None:
        if year_of_birth is None:
            return gettext("Give your year of birth in your profile to vote.")
        if this_year - year_of_birth < min_age:
            return gettext("This vote is open from the age of %(age)d.") % {"age": min_age}
    if (
        residence_required
        and ballot_district_id is not None
        and home_district_id != ballot_district_id
    ):
        return gettext("You can vote only in the district you live in (see your profile).")
    return None
