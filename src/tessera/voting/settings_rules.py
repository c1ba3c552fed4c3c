"""Whether a vote step's settings can work (pure: plain values in, messages out).

Settings the ballot or the count cannot work with would fail in front of voters ("Choose at
least 1 proposal" on a ballot with no envelope) or crash the publication of the results (the
`ranked` counting rule on approval ballots). `VoteSettings.clean()` and the admin's inline
formsets ask these functions, so the back office refuses such settings with a message saying
what to change, and nothing is stored.

Each function returns the problems found, by form field where there is one; an empty result
means the values can work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from tessera.voting import tally
from tessera.voting.ballot_rules import BUDGET, POINTS, RANKED, format_money

# Counting rules that count some ballot kinds only: `tally.ranked` raises NotRankedError on
# anything but ordinal ballots (ranked ballots). Every other rule of `tally.RULES` counts
# every kind (votes, points, or rank points).
RANKED_ONLY_RULES = frozenset({"ranked"})

Problems = dict[str, list[str]]


@dataclass(frozen=True, slots=True)
class SettingsValues:
    """The settings of one vote step, as plain values."""

    kind: str
    scope: str = "process"
    tally_rule: str = "greedy"
    min_choices: int | None = 1
    max_choices: int | None = None
    budget: int | None = None
    min_spend: int | None = None
    min_spend_percent: int | None = None
    points: int | None = None
    max_points_per_proposal: int | None = None

    @classmethod
    def of(cls, settings: Any) -> SettingsValues:
        """The values of a `VoteSettings` (or anything with the same attributes)."""
        return cls(
            kind=settings.kind,
            scope=settings.scope,
            tally_rule=settings.tally_rule,
            min_choices=settings.min_choices,
            max_choices=settings.max_choices,
            budget=settings.budget,
            min_spend=settings.min_spend,
            min_spend_percent=settings.min_spend_percent,
            points=settings.points,
            max_points_per_proposal=settings.max_points_per_proposal,
        )


def settings_problems(values: SettingsValues) -> Problems:
    """What is wrong with these settings on their own (the district envelopes are checked by
    `envelope_problems`, which sees them)."""
    problems: Problems = {}

    def add(field: str, message: str | None) -> None:
        if message:
            problems.setdefault(field, []).append(message)

    add("max_choices", _choices_problem(values.min_choices, values.max_choices))
    add("tally_rule", rule_problem(values.tally_rule, values.kind))
    if values.kind == BUDGET:
        add("budget", _budget_problem(values))
        add("min_spend", _min_spend_problem(values.min_spend, values.budget))
    add("min_spend_percent", _percent_problem(values.min_spend_percent))
    if values.kind == POINTS:
        add("points", _points_problem(values.points, values.min_choices))
        add(
            "max_points_per_proposal",
            _points_cap_problem(values.points, values.max_points_per_proposal),
        )
    return problems


def rule_problem(rule: str, kind: str) -> str | None:
    """Why this counting rule cannot count this kind of ballot, or None."""
    if rule not in tally.RULES:
        return gettext("“%(rule)s” is not a counting rule.") % {"rule": rule}
    if rule in RANKED_ONLY_RULES and kind != RANKED:
        return gettext(
            "The counting rule “%(rule)s” counts ranked ballots only: choose another rule, "
            "or a ranked ballot."
        ) % {"rule": rule}
    return None


def envelope_problems(
    values: SettingsValues,
    *,
    district_budgets: Mapping[str, int],
    districts: Sequence[str],
) -> list[str]:
    """The envelopes of a budget ballot per district: `district_budgets` by district name,
    `districts` the names of the districts that vote. Without a global envelope, each of
    them needs its own; none may be below the minimum spend."""
    if values.kind != BUDGET:
        return []
    problems = []
    if values.scope == "district" and values.budget is None:
        missing = [name for name in districts if name not in district_budgets]
        if missing or not district_budgets:
            problems.append(
                gettext(
                    "A budget ballot per district needs an envelope: a global one, or one "
                    "for each district (missing: %(districts)s)."
                )
                % {"districts": ", ".join(missing) or "—"}
            )
    if values.min_spend:
        for name, amount in district_budgets.items():
            if 0 < amount < values.min_spend:
                problems.append(
                    gettext(
                        "The envelope of %(district)s (%(envelope)s) is below the minimum "
                        "spend (%(amount)s)."
                    )
                    % {
                        "district": name,
                        "envelope": format_money(amount),
                        "amount": format_money(values.min_spend),
                    }
                )
    return problems


def district_budget_problems(amount: int | None) -> list[str]:
    if amount is not None and amount <= 0:
        return [gettext("An envelope must be above 0 €.")]
    return []


def quota_problems(
    *,
    min_choices: int | None,
    max_choices: int | None,
    min_amount: int | None,
    max_amount: int | None,
) -> Problems:
    """A theme quota whose "at least" is above its "at most" can never be met."""
    problems: Problems = {}
    if min_choices is not None and max_choices is not None and min_choices > max_choices:
        problems["max_choices"] = [_above(str(min_choices), str(max_choices))]
    if min_amount is not None and max_amount is not None and min_amount > max_amount:
        problems["max_amount"] = [_above(format_money(min_amount), format_money(max_amount))]
    return problems


def _above(low: str, high: str) -> str:
    return gettext("“At least” (%(min)s) is above “at most” (%(max)s).") % {
        "min": low,
        "max": high,
    }


def _choices_problem(min_choices: int | None, max_choices: int | None) -> str | None:
    if max_choices is None:
        return None
    if max_choices < 1:
        return gettext("The maximum number of choices is at least 1 (empty: no limit).")
    if min_choices is not None and min_choices > max_choices:
        return gettext(
            "The minimum number of choices (%(min)d) is above the maximum (%(max)d)."
        ) % {"min": min_choices, "max": max_choices}
    return None


def _budget_problem(values: SettingsValues) -> str | None:
    if values.budget is None:
        # Per district, the district envelopes may stand in (envelope_problems).
        return None if values.scope == "district" else gettext("A budget ballot needs an envelope.")
    return district_budget_problems(values.budget)[0] if values.budget <= 0 else None


def _min_spend_problem(min_spend: int | None, budget: int | None) -> str | None:
    if min_spend is None or budget is None or min_spend <= budget:
        return None
    return gettext("The minimum spend (%(amount)s) is above the envelope (%(envelope)s).") % {
        "amount": format_money(min_spend),
        "envelope": format_money(budget),
    }


def _percent_problem(percent: int | None) -> str | None:
    if percent is None or 0 <= percent <= 100:
        return None
    return gettext("The minimum spend is a percentage, between 0 and 100.")


def _points_problem(points: int | None, min_choices: int | None) -> str | None:
    if not points:
        return gettext("A points ballot needs a number of points to spread.")
    if min_choices is not None and points < min_choices:
        # Each chosen proposal takes at least one point.
        return gettext(
            "%(points)d points cannot go to the minimum of %(min)d proposals (one point each "
            "at least)."
        ) % {"points": points, "min": min_choices}
    return None


def _points_cap_problem(points: int | None, cap: int | None) -> str | None:
    if cap is None:
        return None
    if cap < 1:
        return gettext("The maximum per proposal is at least 1 point (empty: no limit).")
    if points and cap > points:
        return gettext(
            "The maximum per proposal (%(cap)d) is above the points to spread (%(points)d)."
        ) % {"cap": cap, "points": points}
    return None


# What a ballot means: once one is cast, these may not change (a change would count the
# ballots already cast under rules their voters never saw). The counting rule, the threshold,
# who may vote next and what is shown during the vote may still change.
FROZEN_FIELDS = (
    "kind",
    "scope",
    "min_choices",
    "max_choices",
    "budget",
    "min_spend",
    "min_spend_percent",
    "points",
    "max_points_per_proposal",
)


@dataclass(frozen=True)
class BallotMeaning:
    """The settings that give a cast ballot its meaning: the frozen fields' values, the
    district envelopes (district id → amount) and the theme quotas (theme id → limits)."""

    values: Mapping[str, Any]
    district_budgets: Mapping[int, int]
    quotas: Mapping[int, tuple[int | None, ...]]


def frozen_problems(before: BallotMeaning, after: BallotMeaning) -> Problems:
    """Once a ballot is cast: each change of what a ballot means, refused with why."""
    problems: Problems = {}
    for field in FROZEN_FIELDS:
        if before.values.get(field) != after.values.get(field):
            problems[field] = [frozen_message()]
    if dict(before.district_budgets) != dict(after.district_budgets):
        problems["district_budgets"] = [frozen_message()]
    if dict(before.quotas) != dict(after.quotas):
        problems["quotas"] = [frozen_message()]
    return problems


def frozen_message() -> str:
    return gettext(
        "Voting has started: ballots were cast under this setting, and changing it would "
        "change what they mean. To change it, reset the vote (its ballots are deleted and "
        "the voters are told by e-mail)."
    )
