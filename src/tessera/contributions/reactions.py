"""The reaction schemes as pure data: which values a scheme takes and what they are called."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tessera.contributions.kinds import ReactionScheme
from tessera.contributions.models import ReactionValue


@dataclass(frozen=True)
class Choice:
    value: ReactionValue
    label: str | Promise


SCHEMES: dict[ReactionScheme, tuple[Choice, ...]] = {
    ReactionScheme.SUPPORT: (Choice(ReactionValue.POSITIVE, _("I support")),),
    ReactionScheme.AGREEMENT: (
        Choice(ReactionValue.POSITIVE, _("Agree")),
        Choice(ReactionValue.MIXED, _("Mixed")),
        Choice(ReactionValue.NEGATIVE, _("Disagree")),
    ),
    ReactionScheme.FOR_AGAINST: (
        Choice(ReactionValue.POSITIVE, _("For")),
        Choice(ReactionValue.NEGATIVE, _("Against")),
    ),
}

# The counter each value moves on the Contribution row.
COUNTERS: dict[ReactionValue, str] = {
    ReactionValue.POSITIVE: "positive_count",
    ReactionValue.MIXED: "mixed_count",
    ReactionValue.NEGATIVE: "negative_count",
}


def accepts(scheme: ReactionScheme, value: str) -> bool:
    """The scheme takes this value (a "mixed" vote on a for / against debate does not)."""
    return any(choice.value == value for choice in SCHEMES[scheme])


def counter_moves(before: str | None, after: str | None) -> dict[str, int]:
    """How each counter moves when one person's reaction goes from `before` to `after`."""
    moves: dict[str, int] = {}
    if before == after:
        return moves
    if before is not None:
        moves[COUNTERS[ReactionValue(before)]] = -1
    if after is not None:
        moves[COUNTERS[ReactionValue(after)]] = 1
    return moves
