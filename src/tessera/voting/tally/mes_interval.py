"""Proof that MES funds the same projects, in the same order, for every share in [low, high].

Monotonicity makes a two-point proof possible. Force the winners W (the outcome at `low`) in
order, for any share s: a supporter of the round's winner keeps max(budget - cap, 0) and the
cap is the least level the supporters' budgets can pay; so, by induction over the rounds,
every budget is non-decreasing in s, hence every cap and every price rho is non-increasing in
s, and every project's money is non-decreasing in s. Over [low, high] the winner of a round
thus costs at most its price at `low`, and a rival at least its price at `high`; a rival
that cannot be afforded at `high` cannot be anywhere in the interval. So if, in every round,
the winner's price at `low` is below every rival's price at `high` (or equal, the tie going to
the winner), and nothing is affordable at `high` once W is funded, every share in the
interval yields W. The proof only needs both ends: it does not depend on how the prices
move in between. Prices also only grow from round to round, so a rival's last price at `high`
is a lower bound that spares most pricing.
"""

from __future__ import annotations

from fractions import Fraction

from .mes_core import Election
from .mes_fixed import PathBudgets
from .mes_paths import ROOT, PathCache


def same_outcome_between(
    election: Election,
    funded: list[int],
    low: Fraction,
    high: Fraction,
    cache: PathCache,
) -> bool:
    """True if every share in [low, high] funds exactly `funded` (the outcome at `low`)."""
    at_low, at_high = PathBudgets(low), PathBudgets(high)
    tie_key, costs = election.tie_key, election.costs
    racing = set(election.candidates)  # later winners are rivals in the rounds before theirs
    # a lower bound of each rival's price at high, to begin with: an equal share
    floor = {p: election.least_price[p] for p in racing}
    node = ROOT
    for winner in funded:
        counts = cache.counts(node, winner)
        low_cap = at_low.cap(counts, costs[winner])
        high_cap = at_high.cap(counts, costs[winner])
        if low_cap is None or high_cap is None:
            raise AssertionError("the outcome at `low` must be given")
        worst = at_low.rho(low_cap, costs[winner])
        for rival in sorted(racing - {winner}, key=lambda p: (floor[p], tie_key[p])):
            if _beaten(floor[rival][1], worst, tie_key[rival], tie_key[winner]):
                break  # sorted as _beaten compares: every later rival is beaten as well
            cap = at_high.cap(cache.counts(node, rival), costs[rival])
            if cap is None:
                racing.discard(rival)  # unaffordable at high, so below it, now and later
                continue
            floor[rival] = _bound(at_high.rho(cap, costs[rival]))
            if not _beaten(floor[rival][1], worst, tie_key[rival], tie_key[winner]):
                return False
        racing.discard(winner)
        at_low.charge(counts, winner, low_cap)
        at_high.charge(counts, winner, high_cap)
        node = cache.node_child(node, winner)
    # once W is funded, nothing may be affordable anywhere in the interval
    return all(at_high.cap(cache.counts(node, p), costs[p]) is None for p in racing)


def _bound(rho: Fraction) -> tuple[float, Fraction]:
    return float(rho), rho


def _beaten(
    rival_floor: Fraction,
    winner_worst: Fraction,
    rival_key: tuple[int, int, int],
    winner_key: tuple[int, int, int],
) -> bool:
    return (rival_floor, rival_key) > (winner_worst, winner_key)
