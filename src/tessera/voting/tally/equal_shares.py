"""The Method of Equal Shares with cost satisfaction, and its Add1 completion.

Plain MES leaves money unspent. The completion used by equalshares.net and by the cities that
adopted MES (Wieliczka, Świecie, Assen) raises every voter's share by one currency unit at a
time, reruns MES, and keeps the last outcome that still fits the real budget: it stops at the
first raise whose outcome costs more than the budget. That rule reproduces the official
outcomes of those three cities; stopping as soon as the outcome is exhaustive (newer
equalshares.net option, and pabutools) does not reproduce Wieliczka, so it is an option here.

Neither the outcome nor its cost is monotone in the raise. In Wieliczka (shares raised from
budget/n), +150 funds projects costing 984,579, +154 drops 66 and 67 for 46 (995,079), +165
overspends (1,045,079), and the cost later falls again, from 1,190,789 at +211 to 1,140,789
at +212. A bisection on the raise may thus land past the first overspending raise, on one that
fits again: unsound. Instead, `mes_interval.same_outcome_between` proves that a whole stretch
of raises funds the same projects, and the completion skips such stretches; the result is the
one the unit-by-unit scan gives (checked against such a scan in the tests). This matters for
large budgets per voter: Budapest 2024 (34,551 per voter) takes tens of thousands of raises.
When no voter supports two candidates (a choose-1 vote), MES has a closed form and the
completion jumps straight from one outcome to the next (mes_disjoint).

The election (ballots grouped, supports as bit masks) is built once per instance and kept
(scores.memo), so counting the same instance with another rule, or its scores, reuses it.
Plain MES, a single run, needs no bit masks: it lists each project's supporting groups
(groups) and follows every group's budget as the run goes (mes_plain), which is several
times cheaper on a large vote.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import repeat
from typing import Literal

from .greedy import greedy
from .groups import groups_of, supports_and_weights
from .mes_core import EXPAND_UP_TO, Election, build_election
from .mes_disjoint import complete_disjoint, supports_are_disjoint
from .mes_fixed import run_fixed_budget
from .mes_interval import same_outcome_between
from .mes_paths import PathCache
from .mes_plain import PlainElection, plain_election, run_plain
from .model import Instance, Outcome
from .scores import memo, scores, supported

Comparison = Literal["none", "satisfaction", "exclusion"]
_MAX_BACKOFF = 16

EQUAL_SHARES_TIE_BREAK = (
    "Each round funds the proposal whose supporters pay the least per unit of cost; between "
    "equal prices the cheaper proposal comes first, then the one with more supporters, then "
    "the one submitted earlier."
)


def equal_shares(
    instance: Instance,
    *,
    threshold: int | None = None,
    completion: bool = True,
    stop_when_exhaustive: bool = False,
    integral_start: bool = False,
    comparison: Comparison = "none",
) -> Outcome:
    """MES with cost satisfaction; with `completion`, the Add1 completion.

    A voter supports the projects on their ballot (with at least one point on a points
    ballot); ranks and points do not weigh further. Projects scoring below `threshold` are not
    candidates. With cost satisfaction a project that costs nothing brings no satisfaction,
    so, as in equalshares.net and pabutools, it is never funded. `integral_start`
    starts from the whole currency unit below budget/n as equalshares.net does; with
    `stop_when_exhaustive` the completion also stops once no other candidate fits.
    `comparison` is equalshares.net's comparison step with the greedy outcome.
    """
    budget = Fraction(instance.budget)
    funded: list[int] = []
    if not completion:
        # one run: the groups' paths are tracked as it goes (mes_plain), no bit masks
        plain = _plain_election(instance, threshold)
        if plain.groups.voters:
            funded = run_plain(plain, budget / plain.groups.voters)
    else:
        election = _election(instance, threshold)
        voters = election.voters
        if voters:
            start = Fraction(math.floor(budget / voters)) if integral_start else budget / voters
            funded = complete_add1(election, budget, start, stop_when_exhaustive)
    ids = [instance.projects[p].id for p in funded]
    rule = "equal-shares" if completion else "equal-shares-plain"
    outcome = Outcome(tuple(ids), instance.cost_of(ids), rule, EQUAL_SHARES_TIE_BREAK)
    if comparison != "none":
        return _compare_with_greedy(instance, outcome, comparison, threshold)
    return outcome


def complete_add1(
    election: Election,
    budget: Fraction,
    start: Fraction,
    stop_when_exhaustive: bool = False,
) -> list[int]:
    """The outcome of the unit-by-unit Add1 scan from `start`, skipping proven plateaus.

    Stops at the first raise whose outcome exceeds `budget` (returning the previous one), or
    when every candidate is funded (no raise can change anything any more), or, with
    `stop_when_exhaustive`, when no other candidate fits in what is left.

    Raises whose outcome is proven unchanged (mes_interval) are skipped: the proven stretch
    doubles after each success and halves after a failure, down to single raises. Where the
    outcome changes at almost every raise, proofs fail and only cost time, so after each
    failure at a single raise the scan takes more plain steps before trying again.
    """
    if supports_are_disjoint(election):
        return complete_disjoint(election, budget, start, stop_when_exhaustive)
    cache = PathCache(election)
    every = set(election.candidates)
    share = start
    funded = run_fixed_budget(election, share, cache)
    stretch, backoff, wait = 1, 0, 0
    while True:
        if set(funded) == every:
            return funded
        if stop_when_exhaustive and _is_exhaustive(election, funded, budget):
            return funded
        if wait == 0:
            if same_outcome_between(election, funded, share, share + stretch, cache):
                share += stretch  # every raise up to here funds `funded` again
                stretch *= 2
                backoff = 0
                continue
            if stretch > 1:
                stretch //= 2
                continue
            backoff = min(2 * backoff + 1, _MAX_BACKOFF)
            wait = backoff
        else:
            wait -= 1
        share += 1
        raised = run_fixed_budget(election, share, cache)
        if _cost(election, raised) > budget:
            return funded
        funded = raised


def _cost(election: Election, funded: list[int]) -> int:
    return sum(election.costs[p] for p in funded)


def _is_exhaustive(election: Election, funded: list[int], budget: Fraction) -> bool:
    left = budget - _cost(election, funded)
    chosen = set(funded)
    return all(p in chosen or election.costs[p] > left for p in election.candidates)


def _election(instance: Instance, threshold: int | None) -> Election:
    cache = memo(instance)
    election: Election | None = cache.get("election")
    if election is None:
        election = cache["election"] = _make_election(instance)
    if threshold is None:
        return election
    return election.with_eligible(_eligible(instance, threshold))


def _plain_election(instance: Instance, threshold: int | None) -> PlainElection:
    cache = memo(instance)
    plain: PlainElection | None = cache.get("plain election")
    if plain is None:
        costs = [project.cost for project in instance.projects]
        plain = cache["plain election"] = plain_election(costs, groups_of(instance))
    if threshold is None:
        return plain
    return plain.with_eligible(_eligible(instance, threshold))


def _eligible(instance: Instance, threshold: int) -> list[bool]:
    score_of = scores(instance)
    return [score_of[p.id] >= threshold for p in instance.projects]


def _make_election(instance: Instance) -> Election:
    """Each distinct ballot is a group; each project lists the groups supporting it."""
    supports, weights = supports_and_weights(instance)
    # the support of each group as a bit mask, in C (a ballot names a project once)
    bit = {project.id: 1 << i for i, project in enumerate(instance.projects)}
    masks = list(map(sum, map(map, repeat(bit.__getitem__), supports)))
    listed: list[list[int]] = [[] for _ in instance.projects]
    heavy: list[list[tuple[int, int]]] = [[] for _ in instance.projects]
    add = {project.id: listed[i].append for i, project in enumerate(instance.projects)}
    extend = {project.id: listed[i].extend for i, project in enumerate(instance.projects)}
    add_heavy = {project.id: heavy[i].append for i, project in enumerate(instance.projects)}
    for support, weight, mask in zip(supports, weights, masks, strict=True):
        if weight == 1:  # most groups, in a vote with many different ballots
            for project_id in support:
                add[project_id](mask)
        elif weight <= EXPAND_UP_TO:
            repeated = [mask] * weight
            for project_id in support:
                extend[project_id](repeated)
        else:
            for project_id in support:
                add[project_id](mask)
                add_heavy[project_id]((mask, weight - 1))
    costs = [project.cost for project in instance.projects]
    return build_election(costs, weights, masks, listed, heavy)


def _compare_with_greedy(
    instance: Instance, outcome: Outcome, comparison: Comparison, threshold: int | None
) -> Outcome:
    """equalshares.net's comparison step: keep MES unless strictly more voters prefer the
    greedy outcome (by number of funded projects they support, or, for "exclusion", by
    having at least one)."""
    standard = greedy(instance, threshold=threshold)
    mes_set, greedy_set = set(outcome.selected), set(standard.selected)
    prefers_mes = prefers_greedy = 0
    for ballot in instance.ballots:
        mine = set(supported(ballot))
        mes_sat, greedy_sat = len(mine & mes_set), len(mine & greedy_set)
        if comparison == "exclusion":
            mes_sat, greedy_sat = min(mes_sat, 1), min(greedy_sat, 1)
        prefers_mes += ballot.weight * (mes_sat > greedy_sat)
        prefers_greedy += ballot.weight * (greedy_sat > mes_sat)
    if prefers_greedy > prefers_mes:
        rule = f"{outcome.rule}, greedy preferred by most voters"
        return Outcome(standard.selected, standard.total_cost, rule, standard.tie_break)
    return outcome
