"""MES when no voter supports two candidates (a choose-1 vote, say): a closed form.

Then nobody's money is ever touched by another project than their own: a project's
supporters all hold the starting share `s`, it is affordable exactly when `n * s >= cost` (n
supporters), and its price is then `1 / n` per unit of cost. So MES funds every affordable
project, by decreasing supporters (the usual tie-break after that), and raising `s` only ever
adds projects, at the share `cost / n` of each. The Add1 completion thus jumps from one such
share to the next, and gives what the unit-by-unit scan gives (checked in the tests).
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import accumulate, repeat
from operator import and_, sub

from .mes_core import Election, Race


def supports_are_disjoint(election: Election) -> bool:
    """True if no group of voters supports two candidates."""
    candidates = sum(1 << p for p in election.candidates)
    held = list(map(and_, election.masks, repeat(candidates)))
    # a mask holds at most one bit exactly when `mask & (mask - 1)` is 0
    return not any(map(and_, held, map(sub, held, repeat(1))))


def run_disjoint(election: Race, share: int | Fraction) -> list[int]:
    """Funded projects in order, each voter starting with `share` (supports disjoint)."""
    supporters, costs = election.supporters, election.costs
    return _in_order(
        election, [p for p in election.candidates if supporters[p] * share >= costs[p]]
    )


def _in_order(election: Race, funded: list[int]) -> list[int]:
    # price 1/n: the most supported first, then the documented tie-break
    supporters, tie_key = election.supporters, election.tie_key
    return sorted(funded, key=lambda p: (-supporters[p], tie_key[p]))


def complete_disjoint(
    election: Election, budget: Fraction, start: Fraction, stop_when_exhaustive: bool
) -> list[int]:
    """The Add1 completion from `start` (see equal_shares.complete_add1), supports disjoint:
    from one outcome to the next raise that funds more projects.

    A project is funded from the share cost / n on, so, by increasing such shares, the
    funded projects are a growing prefix of the candidates, and the raise that lengthens it
    is the first whole raise reaching the next one's share.
    """
    costs, supporters = election.costs, election.supporters
    by_share = sorted(election.candidates, key=lambda p: Fraction(costs[p], supporters[p]))
    # the least cost among the projects from each position on (for the exhaustive check)
    cheapest = [*accumulate(reversed([costs[p] for p in by_share]), min)][::-1]

    def funded_at(share: Fraction, funded: int) -> tuple[int, int]:
        """How long the funded prefix is at `share`, from `funded` on, and what it adds."""
        extra = 0
        while (
            funded < len(by_share)
            and supporters[by_share[funded]] * share >= costs[by_share[funded]]
        ):
            extra += costs[by_share[funded]]
            funded += 1
        return funded, extra

    share = start
    funded, spent = funded_at(share, 0)
    while funded < len(by_share):  # else every candidate is funded
        if stop_when_exhaustive and cheapest[funded] > budget - spent:
            break
        following = by_share[funded]
        share += math.ceil(Fraction(costs[following], supporters[following]) - share)
        longer, extra = funded_at(share, funded)
        if spent + extra > budget:
            break  # the previous outcome is the last that fits
        funded, spent = longer, spent + extra
    return _in_order(election, by_share[:funded])
