"""Plain MES (one run, one starting share), on each group's current budget.

A single run funds its winners one after another: when a project is funded, its supporters,
and only they, pay. So `GroupBudgets` keeps the budget class of every group of voters in a
list, and follows the run: counting a project's supporters per class is one gather of its
groups' classes (`operator.itemgetter`) and one `Counter`, both in C; funding a winner moves
its supporters to their new class with one more gather and a scatter. Nothing is computed
per voter and per set of winners (the `mask & node` of mes_paths, which the Add1 completion
still needs: its runs revisit earlier sets of winners).

A class is named by an integer, its budget in units of 2**-29 of the starting share, rounded
up (and raised by one when another budget already has that name), so groups with equal
budgets share a class, small integers count fast in a Counter, and the exact budget of a
class is kept aside as an integer numerator over a common denominator, as in mes_fixed. The
names being upper bounds of the budgets, one C `sum` over a project's gathered classes bounds
the money of its supporters from above, in exact integer arithmetic: when that bound is below
the cost, the project is unaffordable and its supporters need not be counted per class (on
the benchmark's synthetic vote, half of all the supporters counted belong to such projects).
Otherwise the exact count decides.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import repeat
from math import gcd
from operator import itemgetter, mul
from typing import cast

from .groups import Groups
from .mes_core import PriceFloor, TieKey, price, race_fields
from .mes_disjoint import run_disjoint

Gather = Callable[[Sequence[int]], tuple[int, ...]]
Cap = tuple[int, int]  # (rest, payers): each payer pays rest / (payers * denominator)

# Class names: budgets in units of 2**-29 of the starting share (the share itself is 2**29),
# small enough to stay one-digit integers, fine enough that their sum bounds a project's
# money within a few parts in a billion of the share per supporter.
UNITS = 1 << 29


@dataclass(frozen=True, slots=True)
class PlainElection:
    """The projects of a plain MES run (a mes_core.Race) and the groups of voters."""

    costs: tuple[int, ...]
    supporters: tuple[int, ...]
    candidates: tuple[int, ...]
    tie_key: tuple[TieKey, ...]
    least_price: tuple[PriceFloor, ...]
    groups: Groups

    def with_eligible(self, eligible: Sequence[bool]) -> PlainElection:
        """The same election, with only the `eligible` projects as candidates."""
        return replace(self, candidates=tuple(p for p in self.candidates if eligible[p]))


def plain_election(costs: Sequence[int], groups: Groups) -> PlainElection:
    candidates, tie_key, least_price = race_fields(costs, groups.supporters)
    return PlainElection(tuple(costs), groups.supporters, candidates, tie_key, least_price, groups)


def run_plain(
    election: PlainElection, share: int | Fraction, budgets: GroupBudgets | None = None
) -> list[int]:
    """Funded projects in order, each voter starting with `share` (the same rounds, prices
    and tie-break as mes_fixed.run_fixed_budget). `budgets` (new GroupBudgets of the
    election's groups and that share) is for tests to look inside."""
    if budgets is None:
        if election.groups.widest is not None and election.groups.widest <= 1:
            return run_disjoint(election, share)  # no group supports two projects: closed form
        budgets = GroupBudgets(election.groups, Fraction(share))
    costs, tie_key = election.costs, election.tie_key
    racing = set(election.candidates)
    # rho only grows as budgets shrink, so the last rho computed is a lower bound. The float
    # in front only speeds up sorting: rounding is monotone, exact values decide float ties.
    bound = {p: (*election.least_price[p], tie_key[p]) for p in racing}
    funded: list[int] = []
    while racing:
        best: tuple[Fraction, TieKey, int, Cap] | None = None
        for p in sorted(racing, key=bound.__getitem__):
            if best is not None and bound[p][1] > best[0]:
                break  # nothing further can beat the best rho
            cap = budgets.cap(p, costs[p])
            if cap is None:
                racing.discard(p)  # budgets only shrink: unaffordable for good
                continue
            rho = Fraction(cap[0], cap[1] * costs[p] * budgets.denominator)
            bound[p] = (float(rho), rho, tie_key[p])
            if best is None or (rho, tie_key[p]) < best[:2]:
                best = (rho, tie_key[p], p, cap)
        if best is None:
            break
        winner = best[2]
        funded.append(winner)
        racing.discard(winner)
        budgets.charge(winner, best[3])
    return funded


class GroupBudgets:
    """The budget class of every group along one run of MES, and the money of each class
    (integer numerators over one common denominator). Counts are of the current state."""

    def __init__(self, groups: Groups, share: Fraction) -> None:
        self.groups = groups
        self.share = share
        self.denominator = share.denominator
        self.numerators: dict[int, int] = {UNITS: share.numerator}  # class -> numerator
        self.classes = [UNITS] * groups.count
        self.uniform = True  # every group still holds the starting share
        self._counts: dict[int, Mapping[int, int]] = {}  # of the current state
        self._gathered: dict[int, tuple[int, ...]] = {}  # of the current state
        self._gathers: dict[int, Gather] = {}

    def cap(self, project: int, cost: int) -> Cap | None:
        """The cap its supporters would pay for `project`, or None if they cannot."""
        counts = self._counts.get(project)
        if counts is None:
            if self.uniform:
                counts = {UNITS: self.groups.supporters[project]}
            else:
                counts = self.count(project, cost)
                if counts is None:
                    return None  # proven unaffordable by the bound of its money
            self._counts[project] = counts
        numerators = list(map(self.numerators.__getitem__, counts))
        return price(numerators, list(counts.values()), self.denominator, cost)

    def count(self, project: int, cost: int = 0) -> Mapping[int, int] | None:
        """The weight of the project's supporters in each class, or None if a bound of
        their money shows that they cannot pay `cost`."""
        classes = self.classes
        gathered = self._gathered[project] = self._gather(project)(classes)
        heavy = self.groups.heavy[project]
        # money <= names * share / UNITS (names round budgets up): below the cost, the
        # supporters cannot pay, whatever their exact budgets
        names = sum(gathered) + sum(extra * classes[group] for group, extra in heavy)
        if names * self.share < cost * UNITS:
            return None
        counts = Counter(gathered)
        for group, extra in heavy:
            counts[classes[group]] += extra
        return counts

    def charge(self, winner: int, cap: Cap) -> None:
        """The winner's supporters pay the cap, or all they have: each class of them moves
        to the class of its new budget (0 for those left without money)."""
        rest, payers = cap
        common = gcd(rest, payers)
        scale, cap_numerator = payers // common, rest // common  # the cap over the new base
        if scale != 1:  # every budget over the new base, in C
            scaled = map(mul, self.numerators.values(), repeat(scale))
            self.numerators = dict(zip(self.numerators, scaled, strict=True))
            self.denominator *= scale
        old_classes = self._counts[winner]  # asked for when it was priced
        moved = {old: self.class_of(self.numerators[old] - cap_numerator) for old in old_classes}
        classes = self.classes
        listed = self.groups.listed[winner]
        before: Iterable[int]
        before = repeat(UNITS, len(listed)) if self.uniform else self._gathered[winner]
        # the scatter (a group listed several times gets the same class again): a plain
        # loop, as its list store beats a C-level map over __setitem__
        for group, now in zip(listed, map(moved.__getitem__, before), strict=True):
            classes[group] = now
        self.uniform = False
        self._counts.clear()
        self._gathered.clear()

    def class_of(self, numerator: int) -> int:
        """The class of the budget numerator / denominator (0 if no money is left): its
        value in UNITS rounded up, or the next integer up free for it."""
        if numerator <= 0:
            self.numerators.setdefault(0, 0)
            return 0
        share = self.share
        name = -(-numerator * UNITS * share.denominator // (self.denominator * share.numerator))
        while self.numerators.setdefault(name, numerator) != numerator:
            name += 1  # another budget has that name; the next one is still an upper bound
        return name

    def _gather(self, project: int) -> Gather:
        found = self._gathers.get(project)
        if found is None:
            found = self._gathers[project] = gatherer(self.groups.listed[project])
        return found


def gatherer(indices: Sequence[int]) -> Gather:
    """A function returning the values at `indices` of a list, as a tuple, in C (an
    itemgetter of one index returns the value alone: wrapped in a tuple)."""
    if len(indices) == 1:
        only = indices[0]
        return lambda values: (values[only],)
    return cast(Gather, itemgetter(*indices))
