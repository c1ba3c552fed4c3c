"""One MES run for a fixed voter budget (see mes_core for the method)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from itertools import repeat
from math import gcd
from operator import mul

from .mes_core import Election, TieKey, price
from .mes_paths import ROOT, PathCache


class PathBudgets:
    """The money left on each path (see mes_paths) for one starting share: integer numerators
    over one common denominator. A path absent from `numerators` holds no money."""

    def __init__(self, share: Fraction) -> None:
        self.numerators = {ROOT: share.numerator}
        self.denominator = share.denominator

    def cap(self, counts: Mapping[int, int], cost: int) -> tuple[int, int] | None:
        """The cap (rest, payers) the supporters counted in `counts` would pay, or None."""
        budgets = list(map(self.numerators.get, counts, repeat(0)))  # 0: no money
        return price(budgets, list(counts.values()), self.denominator, cost)

    def rho(self, cap: tuple[int, int], cost: int) -> Fraction:
        """The price per unit of utility (cost) at this cap."""
        return Fraction(cap[0], cap[1] * cost * self.denominator)

    def charge(self, counts: Mapping[int, int], winner: int, cap: tuple[int, int]) -> None:
        """Supporters of the winner pay the cap, or all they have: they move to the child
        path (their path plus the winner), or out of money."""
        rest, payers = cap
        common = gcd(rest, payers)
        scale, cap_numerator = payers // common, rest // common  # the cap over the new base
        numerators = self.numerators
        if scale != 1:  # every budget over the new base, in C
            scaled = map(mul, numerators.values(), repeat(scale))
            numerators = dict(zip(numerators, scaled, strict=True))
            self.numerators = numerators
            self.denominator *= scale
        bit = 1 << winner
        for path, budget in zip(counts, map(numerators.get, counts, repeat(0)), strict=True):
            if budget > cap_numerator:
                numerators[path | bit] = budget - cap_numerator


def run_fixed_budget(
    election: Election, budget_per_voter: int | Fraction, cache: PathCache | None = None
) -> list[int]:
    """Funded projects in order, each voter starting with `budget_per_voter`."""
    cache = cache or PathCache(election)
    budgets = PathBudgets(Fraction(budget_per_voter))
    node = ROOT
    racing = set(election.candidates)
    # rho only grows as budgets shrink, so the last rho computed is a lower bound. The float
    # in front only speeds up sorting: rounding is monotone, exact values decide float ties.
    bound = {p: (*election.least_price[p], election.tie_key[p]) for p in racing}
    funded: list[int] = []
    while racing:
        best: tuple[Fraction, TieKey, int, tuple[int, int]] | None = None
        for p in sorted(racing, key=bound.__getitem__):
            if best is not None and bound[p][1] > best[0]:
                break  # nothing further can beat the best rho
            cap = budgets.cap(cache.counts(node, p), election.costs[p])
            if cap is None:
                racing.discard(p)  # budgets only shrink: unaffordable for good
                continue
            rho = budgets.rho(cap, election.costs[p])
            bound[p] = _key(rho, election.tie_key[p])
            if best is None or (rho, election.tie_key[p]) < best[:2]:
                best = (rho, election.tie_key[p], p, cap)
        if best is None:
            break
        winner, cap = best[2], best[3]
        funded.append(winner)
        racing.discard(winner)
        budgets.charge(cache.counts(node, winner), winner, cap)
        node = cache.node_child(node, winner)
    return funded


def _key(rho: Fraction, tie: TieKey) -> tuple[float, Fraction, TieKey]:
    return float(rho), rho, tie
