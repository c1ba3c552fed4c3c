"""The fast paths inside the tally, each against a plain version of the same computation.

Grouped ballots kept per instance (scores.memo), the pricing in a few passes
(mes_core.price), counts derived from earlier ones (mes_paths.PathCache), heavy groups
(weights above mes_core.EXPAND_UP_TO) and the closed form when no voter supports two
candidates (mes_disjoint).
"""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.voting.tally import Ballot, Instance, Project, equal_shares, scores, tally
from tessera.voting.tally.equal_shares import _election
from tessera.voting.tally.groups import supports_and_weights
from tessera.voting.tally.mes_core import EXPAND_UP_TO, election_from_supports, price
from tessera.voting.tally.mes_disjoint import (
    complete_disjoint,
    run_disjoint,
    supports_are_disjoint,
)
from tessera.voting.tally.mes_fixed import run_fixed_budget
from tessera.voting.tally.mes_paths import ROOT, PathCache
from tessera.voting.tally.scores import distinct_ballots, forget, memo, supported

from . import reference
from .helpers import make
from .strategies import elections

PROPERTY = settings(max_examples=200, deadline=None)


def sequential_price(
    budgets: list[int], weights: list[int], denominator: int, cost: int
) -> tuple[int, int] | None:
    """The textbook pricing: the poorest first, each paying all they have while that is
    less than an equal share of what remains."""
    classes = sorted(zip(budgets, weights, strict=True))
    payers = sum(weights)
    rest = cost * denominator
    for budget, weight in classes:
        if budget * payers >= rest:
            return rest, payers
        rest -= budget * weight
        payers -= weight
    return None


@PROPERTY
@given(
    st.lists(st.tuples(st.integers(0, 50), st.integers(1, 5)), max_size=12),
    st.integers(1, 7),
    st.integers(1, 200),
)
def test_pricing_in_passes_matches_the_sequential_pricing(
    classes: list[tuple[int, int]], denominator: int, cost: int
) -> None:
    budgets = [budget for budget, _ in classes]
    weights = [weight for _, weight in classes]
    expected = sequential_price(budgets, weights, denominator, cost)
    assert price(budgets, weights, denominator, cost) == expected


def test_pricing_examples() -> None:
    # 3 voters with 10, 10, 1 (over 1) for a cost of 15: the poor one pays 1, the others 7
    assert price([10, 1], [2, 1], 1, 15) == (14, 2)
    assert price([10, 1], [2, 1], 1, 22) is None  # 21 in all
    assert price([0, 0], [3, 1], 1, 1) is None  # nobody holds money
    assert price([5], [2], 1, 10) == (10, 2)  # exactly all their money


@st.composite
def supports(draw: st.DrawFn) -> tuple[list[int], list[tuple[tuple[int, ...], int]]]:
    """Costs and (supported projects, weight) groups, weights often above EXPAND_UP_TO."""
    count = draw(st.integers(1, 6))
    costs = draw(st.lists(st.integers(1, 80), min_size=count, max_size=count))
    groups = draw(
        st.lists(
            st.tuples(
                st.lists(st.integers(0, count - 1), unique=True, max_size=count).map(tuple),
                st.integers(1, 3 * EXPAND_UP_TO),
            ),
            max_size=8,
        )
    )
    return costs, groups


@PROPERTY
@given(supports(), st.data())
def test_derived_counts_match_direct_counts(
    drawn: tuple[list[int], list[tuple[tuple[int, ...], int]]], data: st.DataObject
) -> None:
    costs, groups = drawn
    election = election_from_supports(costs, groups)
    cache = PathCache(election)
    projects = list(range(len(costs)))
    for _ in range(3):  # several winner sequences, sharing the cache
        order = data.draw(st.permutations(projects))
        node = ROOT
        for winner in order:
            for project in data.draw(st.lists(st.sampled_from(projects), max_size=3)):
                assert cache.counts(node, project) == +election.count_supporters(project, node)
            node = cache.node_child(node, winner)
    for project in projects:
        direct = election.count_supporters(project, node)
        assert sum(direct.values()) == election.supporters[project]


def instance_from(costs: list[int], groups: list[tuple[tuple[int, ...], int]]) -> Instance:
    return Instance(
        budget=sum(costs) // 2,
        projects=tuple(Project(f"p{i}", cost) for i, cost in enumerate(costs)),
        ballots=tuple(
            Ballot(tuple(f"p{i}" for i in support), weight=weight, voter_id=f"v{n}")
            for n, (support, weight) in enumerate(groups)
        ),
    )


@PROPERTY
@given(supports())
def test_heavy_groups_count_like_their_voters(
    drawn: tuple[list[int], list[tuple[tuple[int, ...], int]]],
) -> None:
    instance = instance_from(*drawn)
    voters = sum(ballot.weight for ballot in instance.ballots)
    expected: list[str] = []
    if voters:
        expected = reference.mes(instance, Fraction(instance.budget) / voters)
    assert list(tally(instance, "equal-shares-plain").selected) == expected
    assert list(tally(instance, "equal-shares").selected) == reference.add1(instance)


def test_an_election_from_supports_funds_what_the_instance_funds() -> None:
    costs, groups = [30, 20, 25], [((0, 1), 20), ((2,), 3), ((1, 2), 1), ((), 40)]
    instance = instance_from(costs, groups)
    share = Fraction(instance.budget, sum(weight for _, weight in groups))
    made = election_from_supports(costs, groups)
    assert run_fixed_budget(made, share) == run_fixed_budget(_election(instance, None), share)
    assert made.supporters == (20, 21, 4)
    assert made.voters == 64


@PROPERTY
@given(elections(("choose-1",), max_ballots=12))
def test_the_closed_form_for_disjoint_supports_matches_the_general_run(
    instance: Instance,
) -> None:
    election = _election(instance, None)
    assert supports_are_disjoint(election)
    if election.voters == 0:
        return
    share = Fraction(instance.budget) / election.voters
    for raise_by in range(4):
        assert run_disjoint(election, share + raise_by) == run_fixed_budget(
            election, share + raise_by
        )


@PROPERTY
@given(elections(("choose-1",), max_ballots=12), st.booleans())
def test_the_disjoint_completion_matches_the_unit_by_unit_scan(
    instance: Instance, exhaustive: bool
) -> None:
    election = _election(instance, None)
    if election.voters == 0:
        return
    budget = Fraction(instance.budget)
    start = budget / election.voters
    expected = reference.add1(instance, exhaustive=exhaustive)
    got = complete_disjoint(election, budget, start, exhaustive)
    assert [instance.projects[p].id for p in got] == expected
    from_whole_unit = complete_disjoint(election, budget, Fraction(math.floor(start)), exhaustive)
    assert equal_shares(
        instance, integral_start=True, stop_when_exhaustive=exhaustive
    ).selected == tuple(instance.projects[p].id for p in from_whole_unit)


def test_overlapping_supports_are_not_disjoint() -> None:
    instance = make(10, {"a": 5, "b": 5, "c": 0}, [["a"], ["a", "b"]])
    assert not supports_are_disjoint(_election(instance, None))
    # a free project is no candidate: supporting it besides another one is still disjoint
    instance = make(10, {"a": 5, "b": 5, "c": 0}, [["a", "c"], ["b", "c"]])
    assert supports_are_disjoint(_election(instance, None))


def test_an_instance_is_grouped_once_and_forgotten_on_demand() -> None:
    instance = make(10, {"a": 5, "b": 5}, [["a"], ["a"], ["b"]])
    grouped = distinct_ballots(instance)
    assert grouped == {(("a",), ()): 2, (("b",), ()): 1}
    assert distinct_ballots(instance) is grouped
    assert memo(instance)["distinct"] is grouped
    forget(instance)
    assert "distinct" not in memo(instance)
    assert distinct_ballots(instance) == grouped
    # an equal instance is another instance: held by identity, not by equality
    twin = make(10, {"a": 5, "b": 5}, [["a"], ["a"], ["b"]])
    assert twin == instance
    assert "distinct" not in memo(twin)


def test_scores_are_a_copy_the_caller_may_change() -> None:
    instance = make(10, {"a": 5, "b": 5}, [["a"], ["a", "b"]])
    first = scores(instance)
    first["a"] = 99
    assert scores(instance) == {"a": 2, "b": 1}
    assert tally(instance, "greedy").selected == ("a", "b")


@PROPERTY
@given(elections(("ordinal",), max_ballots=12))
def test_rank_points_counted_per_rank_match_those_of_grouped_ballots(instance: Instance) -> None:
    forget(instance)
    per_rank = scores(instance)  # one-voter ballots, nothing grouped yet: counted per rank
    forget(instance)
    distinct_ballots(instance)  # grouped first: counted from the groups
    assert scores(instance) == per_rank
    one_each = Instance(
        instance.budget,
        instance.projects,
        tuple(
            Ballot(b.choices, voter_id=f"{b.voter_id}-{n}")
            for b in instance.ballots
            for n in range(b.weight)
        ),
        "ordinal",
        instance.max_choices,
    )
    assert scores(one_each) == per_rank


@PROPERTY
@given(elections(("approval", "cumulative", "ordinal"), max_ballots=12))
def test_groups_hold_each_distinct_support_and_its_voters(instance: Instance) -> None:
    one_each = Instance(
        instance.budget,
        instance.projects,
        tuple(
            Ballot(b.choices, b.points, voter_id=f"{b.voter_id}-{n}")
            for b in instance.ballots
            for n in range(b.weight)
        ),
        instance.vote_type,
        instance.max_choices,
    )
    # the plain version: each voter's support, counted voter by voter
    expected: dict[tuple[str, ...], int] = {}
    for ballot in one_each.ballots:
        expected[supported(ballot)] = expected.get(supported(ballot), 0) + 1
    for counted in (instance, one_each):
        for grouped_first in (False, True):
            forget(counted)
            if grouped_first:
                distinct_ballots(counted)  # grouped already: the groups are reused
            supports, weights = supports_and_weights(counted)
            found: dict[tuple[str, ...], int] = {}
            for support, weight in zip(supports, weights, strict=True):
                found[support] = found.get(support, 0) + weight
            assert found == expected
            assert sum(weights) == len(one_each.ballots)
