"""The Method of Equal Shares for a fixed voter budget, exact and grouped.

Each voter starts with the same budget. In each round, every project still in the race is
priced: its supporters share its cost as equally as their remaining money allows, each paying
at most a cap `q`; with cost satisfaction a supporter's utility for a project is its cost, so
the price per unit of utility is `rho = q / cost`. The project with the smallest `rho` is
funded and its supporters pay; a project its supporters can no longer afford leaves the race.

What makes it fast without giving up exactness:
- voters with the same set of supported projects always hold the same budget, so they are
  counted as one weighted group;
- a voter still holding money has paid the full cap of every funded project they support, so
  groups fall into few budget classes (keyed by the funded projects they support), and a
  project is priced from the weight of its supporters in each class;
- money is kept as integer numerators over one common denominator, so the inner loops do
  integer arithmetic only (a Fraction appears once per priced project).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import compress, repeat
from operator import and_, lt, mul, not_
from typing import Protocol

EXPAND_UP_TO = 16  # groups up to this weight are listed that many times (counted in C)

TieKey = tuple[int, int, int]
PriceFloor = tuple[float, Fraction]


class Race(Protocol):
    """What MES reads about the projects (an Election, a mes_plain.PlainElection)."""

    @property
    def costs(self) -> tuple[int, ...]: ...
    @property
    def supporters(self) -> tuple[int, ...]: ...
    @property
    def candidates(self) -> tuple[int, ...]: ...
    @property
    def tie_key(self) -> tuple[TieKey, ...]: ...
    @property
    def least_price(self) -> tuple[PriceFloor, ...]: ...


def race_fields(
    costs: Sequence[int], supporters: Sequence[int], eligible: Sequence[bool] | None = None
) -> tuple[tuple[int, ...], tuple[TieKey, ...], tuple[PriceFloor, ...]]:
    """The candidates, tie-break keys and price floors of a Race (see Election)."""
    candidates = tuple(
        p
        for p in range(len(costs))
        if (eligible is None or eligible[p]) and supporters[p] > 0 and costs[p] > 0
    )
    # Documented tie-break between equal rho: lower cost, more supporters, earlier project.
    tie_key = tuple((costs[p], -supporters[p], p) for p in range(len(costs)))
    least_price = tuple(
        (1 / count, Fraction(1, count)) if count else (0.0, Fraction(0)) for count in supporters
    )
    return candidates, tie_key, least_price


@dataclass(frozen=True, slots=True)
class Election:
    """Projects as indices 0..m-1, voters as weighted groups of identical support.

    The support of a group is a bit mask (bit p for project p). Each project lists the masks
    of its supporting groups in `listed`, a group of weight w up to EXPAND_UP_TO w times and
    a heavier one once (its weight beyond 1 in `heavy`), so that counting the listed entries
    in C counts voters.
    """

    costs: tuple[int, ...]
    supporters: tuple[int, ...]  # weighted supporters of each project
    weights: tuple[int, ...]  # of each group
    masks: tuple[int, ...]  # of each group
    listed: tuple[tuple[int, ...], ...]  # per project, as described above
    heavy: tuple[tuple[tuple[int, int], ...], ...]  # per project, (mask, weight - 1)
    candidates: tuple[int, ...]  # projects that may be funded (supported, cost > 0, eligible)
    tie_key: tuple[TieKey, ...]  # per project, smaller wins a tie of rho
    # per project, a lower bound of its price: nobody pays more than an equal share. The
    # float in front only speeds up sorting (rounding is monotone; exact values break ties).
    least_price: tuple[PriceFloor, ...]

    @property
    def voters(self) -> int:
        return sum(self.weights)

    def count_supporters(self, project: int, node: int) -> Counter[int]:
        """Weight of the project's supporters on each path once the projects in the mask
        `node` are funded (a supporter's path is its support mask `& node`)."""
        if node == 0:
            return Counter({0: self.supporters[project]})
        counts = Counter(map(and_, self.listed[project], repeat(node)))
        for mask, extra in self.heavy[project]:
            counts[mask & node] += extra
        return counts

    def joint(self, project: int, other: int) -> tuple[tuple[int, ...], list[tuple[int, int]]]:
        """`listed` and `heavy` of the project, kept to the groups that also support `other`."""
        bit = 1 << other
        listed = self.listed[project]
        kept = tuple(compress(listed, map(and_, listed, repeat(bit))))
        return kept, [(mask, extra) for mask, extra in self.heavy[project] if mask & bit]

    def with_eligible(self, eligible: list[bool]) -> Election:
        """The same election, with only the `eligible` projects as candidates."""
        candidates = tuple(p for p in self.candidates if eligible[p])
        return replace(self, candidates=candidates)


def build_election(
    costs: list[int],
    weights: list[int] | tuple[int, ...],
    masks: list[int] | tuple[int, ...],
    listed: list[list[int]],
    heavy: list[list[tuple[int, int]]] | None = None,
    eligible: list[bool] | None = None,
) -> Election:
    """An election from groups of voters (see Election for `masks`, `listed` and `heavy`;
    `heavy` defaults to none). Identical groups need not be merged: they always share a
    path, merging them only saves time."""
    heavy = heavy or [[] for _ in costs]
    supporters = [
        len(members) + sum(extra for _, extra in more)
        for members, more in zip(listed, heavy, strict=True)
    ]
    candidates, tie_key, least_price = race_fields(costs, supporters, eligible)
    return Election(
        costs=tuple(costs),
        supporters=tuple(supporters),
        weights=tuple(weights),
        masks=tuple(masks),
        listed=tuple(map(tuple, listed)),
        heavy=tuple(map(tuple, heavy)),
        candidates=candidates,
        tie_key=tie_key,
        least_price=least_price,
    )


def election_from_supports(
    costs: list[int],
    supports: list[tuple[tuple[int, ...], int]],
    eligible: list[bool] | None = None,
) -> Election:
    """An election from (supported project indices, weight) per group of voters."""
    listed: list[list[int]] = [[] for _ in costs]
    heavy: list[list[tuple[int, int]]] = [[] for _ in costs]
    masks = [sum(1 << project for project in set(support)) for support, _ in supports]
    for (support, weight), mask in zip(supports, masks, strict=True):
        for project in set(support):
            if weight <= EXPAND_UP_TO:
                listed[project] += [mask] * weight
            else:
                listed[project].append(mask)
                heavy[project].append((mask, weight - 1))
    weights = [weight for _, weight in supports]
    return build_election(costs, weights, masks, listed, heavy, eligible)


def price(
    budgets: list[int], weights: list[int], denominator: int, cost: int
) -> tuple[int, int] | None:
    """The cap as (rest, payers), meaning q = rest / (payers * denominator), or None.

    `budgets` (numerators) and `weights` describe classes of supporters, some of them
    possibly without money (budget 0). The supporters who cannot pay an equal share of what
    remains pay all they have, and the others share the rest equally. Those who cannot are
    found in a few passes in C: everyone below the current equal share pays all they have
    (the share only grows as they do, so no one below it could pay it later), until no one
    is below.
    """
    weights = list(compress(weights, budgets))  # the classes holding money
    budgets = list(compress(budgets, budgets))
    rest = cost * denominator
    if sum(map(mul, budgets, weights)) < rest:
        return None  # even all their money falls short
    payers = sum(weights)
    while True:
        share = -(-rest // payers)  # budget * payers < rest exactly when budget < share
        below = list(map(lt, budgets, repeat(share)))
        if not any(below):
            return rest, payers
        rest -= sum(map(mul, compress(budgets, below), compress(weights, below)))
        payers -= sum(compress(weights, below))
        above = list(map(not_, below))
        budgets = list(compress(budgets, above))
        weights = list(compress(weights, above))
