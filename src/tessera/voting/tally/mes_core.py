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
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from operator import itemgetter

_EXPAND_UP_TO = 16  # groups up to this weight are counted by repetition (fast C counting)

Counting = tuple[Callable[[list[int]], tuple[int, ...]] | None, tuple[tuple[int, int], ...]]


@dataclass(frozen=True, slots=True)
class Election:
    """Projects as indices 0..m-1, voters as weighted groups of identical support."""

    costs: tuple[int, ...]
    supporters: tuple[int, ...]  # weighted supporters of each project
    groups: tuple[tuple[int, ...], ...]  # the projects each group supports
    weights: tuple[int, ...]
    groups_of: tuple[tuple[int, ...], ...]  # the groups supporting each project
    counting: tuple[Counting, ...]  # per project, how to count its supporters per path
    candidates: tuple[int, ...]  # projects that may be funded (supported, cost > 0, eligible)
    tie_key: tuple[tuple[int, int, int], ...]  # per project, smaller wins a tie of rho
    # per project, a lower bound of its price: nobody pays more than an equal share. The
    # float in front only speeds up sorting (rounding is monotone; exact values break ties).
    least_price: tuple[tuple[float, Fraction], ...]

    @property
    def voters(self) -> int:
        return sum(self.weights)

    def count_supporters(self, project: int, group_path: list[int]) -> Counter[int]:
        """Weight of the project's supporters on each path (see mes_paths)."""
        getter, heavy = self.counting[project]
        counts: Counter[int] = Counter(getter(group_path)) if getter else Counter()
        for group, weight in heavy:
            counts[group_path[group]] += weight
        return counts


def build_election(
    costs: list[int],
    ballots: list[tuple[tuple[int, ...], int]],
    eligible: list[bool],
) -> Election:
    """Group identical supports; `ballots` are (supported project indices, weight)."""
    merged: dict[tuple[int, ...], int] = {}
    for support, weight in ballots:
        key = tuple(sorted(set(support)))
        merged[key] = merged.get(key, 0) + weight
    groups = tuple(merged)
    weights = tuple(merged.values())
    supporters = [0] * len(costs)
    groups_of: list[list[int]] = [[] for _ in costs]
    for index, support in enumerate(groups):
        for project in support:
            supporters[project] += weights[index]
            groups_of[project].append(index)
    candidates = tuple(
        p for p in range(len(costs)) if eligible[p] and supporters[p] > 0 and costs[p] > 0
    )
    # Documented tie-break between equal rho: lower cost, more supporters, earlier project.
    tie_key = tuple((costs[p], -supporters[p], p) for p in range(len(costs)))
    return Election(
        costs=tuple(costs),
        supporters=tuple(supporters),
        groups=groups,
        weights=weights,
        groups_of=tuple(tuple(g) for g in groups_of),
        counting=tuple(_counting(members, weights) for members in groups_of),
        candidates=candidates,
        tie_key=tie_key,
        least_price=tuple(
            (1 / count, Fraction(1, count)) if count else (0.0, Fraction(0)) for count in supporters
        ),
    )


def _counting(members: list[int], weights: tuple[int, ...]) -> Counting:
    # A group of weight w listed w times lets Counter count weights in C.
    repeated = [g for g in members if weights[g] <= _EXPAND_UP_TO for _ in range(weights[g])]
    heavy = tuple((g, weights[g]) for g in members if weights[g] > _EXPAND_UP_TO)
    if len(repeated) > 1:
        return itemgetter(*repeated), heavy
    if repeated:
        only = repeated[0]
        return (lambda classes: (classes[only],)), heavy
    return None, heavy


def price(classes: list[tuple[int, int]], denominator: int, cost: int) -> tuple[int, int] | None:
    """The cap as (rest, payers), meaning q = rest / (payers * denominator), or None.

    `classes` are (budget numerator, weight) of the supporters holding money. Classes are
    visited from the poorest: each pays all it has while that is less than an equal share
    of what remains; everyone after pays the equal share.
    """
    classes.sort()
    payers = sum(weight for _, weight in classes)
    rest = cost * denominator
    for budget, weight in classes:
        if budget * payers >= rest:
            return rest, payers
        rest -= budget * weight
        payers -= weight
    return None  # even all their money falls short
