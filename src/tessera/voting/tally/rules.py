"""The registry of tally rules, by the names a vote step stores, and the entry point."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .equal_shares import EQUAL_SHARES_TIE_BREAK, equal_shares
from .greedy import GREEDY_TIE_BREAK, greedy
from .model import Instance, Outcome
from .ranked import ranked


class UnknownRuleError(ValueError):
    """No tally rule has this name."""


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    count: Callable[[Instance, int | None], Outcome]
    description: str
    tie_break: str


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule(
            "greedy",
            lambda instance, threshold: greedy(instance, threshold=threshold),
            "Proposals are funded by decreasing score (votes, points or rank points); a "
            "proposal that no longer fits in what is left of the budget is passed over and "
            "the count goes on with the next ones.",
            GREEDY_TIE_BREAK,
        ),
        Rule(
            "greedy-no-skip",
            lambda instance, threshold: greedy(instance, threshold=threshold, skip=False),
            "Proposals are funded by decreasing score; the count stops at the first proposal "
            "that no longer fits in what is left of the budget.",
            GREEDY_TIE_BREAK,
        ),
        Rule(
            "equal-shares",
            lambda instance, threshold: equal_shares(instance, threshold=threshold),
            "The Method of Equal Shares: the budget is shared equally between voters, and a "
            "proposal is funded when its supporters can pay for it together, the proposals "
            "they pay least for first. The unspent money is then used by raising every "
            "voter's share one unit at a time, keeping the last result within the budget.",
            EQUAL_SHARES_TIE_BREAK,
        ),
        Rule(
            "equal-shares-plain",
            lambda instance, threshold: equal_shares(
                instance, threshold=threshold, completion=False
            ),
            "The Method of Equal Shares without using the unspent money (for comparison).",
            EQUAL_SHARES_TIE_BREAK,
        ),
        Rule(
            "ranked",
            lambda instance, threshold: ranked(instance, threshold=threshold),
            "Each ballot gives k points to its first choice, k-1 to its second, and so on "
            "(3/2/1 for a top 3); proposals are then funded by decreasing points as in the "
            "greedy rule.",
            GREEDY_TIE_BREAK,
        ),
    )
}

TIE_BREAK_DESCRIPTION: dict[str, str] = {name: rule.tie_break for name, rule in RULES.items()}


def tally(instance: Instance, rule: str, threshold: int | None = None) -> Outcome:
    """Count `instance` with the named rule. `threshold` is the minimum score a proposal
    needs to be funded (votes, points or rank points): below it, never funded."""
    try:
        chosen = RULES[rule]
    except KeyError:
        raise UnknownRuleError(f"unknown tally rule {rule!r}; known: {sorted(RULES)}") from None
    return chosen.count(instance, threshold)
