"""The plain MES run (mes_plain) and its groups (groups), each against a plain computation.

Ballots listed one by one or merged first (groups.make_groups), weights listed several times
or kept aside as heavy, budget classes named by rounded-up integers (GroupBudgets.class_of),
the bound of a project's money that spares counting its supporters, and the run itself
against the mask-based run of mes_fixed.
"""

from __future__ import annotations

import itertools
from collections import Counter
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.voting.tally import Ballot, Instance, Project, supporters
from tessera.voting.tally.equal_shares import _election
from tessera.voting.tally.groups import Groups, make_groups, repeats_enough
from tessera.voting.tally.mes_core import EXPAND_UP_TO, price
from tessera.voting.tally.mes_fixed import run_fixed_budget
from tessera.voting.tally.mes_plain import (
    UNITS,
    GroupBudgets,
    gatherer,
    plain_election,
    run_plain,
)
from tessera.voting.tally.scores import supported

from .helpers import make
from .strategies import elections

PROPERTY = settings(max_examples=200, deadline=None)


def voters_per_project(groups: Groups) -> list[Counter[int]]:
    """How many voters of each group each project lists, read back from listed and heavy."""
    found = []
    for members, heavy in zip(groups.listed, groups.heavy, strict=True):
        counted = Counter(members)
        for group, extra in heavy:
            counted[group] += extra
        found.append(counted)
    return found


def supports_of(groups: Groups, ids: tuple[str, ...]) -> Counter[tuple[str, ...]]:
    """The support of each group, with its voters, read back from the groups."""
    per_project = voters_per_project(groups)
    support: dict[int, list[str]] = {}
    weight: dict[int, int] = {}
    for project_id, counted in zip(ids, per_project, strict=True):
        for group, voters in counted.items():
            support.setdefault(group, []).append(project_id)
            assert weight.setdefault(group, voters) == voters  # a group's voters, everywhere
    found: Counter[tuple[str, ...]] = Counter()
    for group, chosen in support.items():
        found[tuple(chosen)] += weight[group]  # unmerged groups may share a support
    return found


@PROPERTY
@given(elections(("approval", "choose-1", "cumulative", "ordinal"), max_ballots=12))
def test_groups_list_every_voter_once_per_supported_project(instance: Instance) -> None:
    ids = instance.project_ids()
    expected: Counter[tuple[str, ...]] = Counter()
    for ballot in instance.ballots:
        if supported(ballot):
            ordered = tuple(p for p in ids if p in supported(ballot))
            expected[ordered] += ballot.weight
    for merge in (True, False):
        groups = make_groups(instance, merge)
        found: Counter[tuple[str, ...]] = Counter()
        for support, voters in supports_of(groups, ids).items():
            found[tuple(p for p in ids if p in support)] += voters
        assert found == expected
        assert groups.voters == sum(ballot.weight for ballot in instance.ballots)
        assert list(groups.supporters) == [supporters(instance)[p] for p in ids]
        for members, heavy in zip(groups.listed, groups.heavy, strict=True):
            # weights up to EXPAND_UP_TO are listed, heavier groups listed once
            assert all(members.count(group) == 1 for group, _ in heavy)
            assert all(extra >= EXPAND_UP_TO for _, extra in heavy)
            assert all(members.count(group) <= EXPAND_UP_TO for group in members)


def test_a_ballot_listed_alone_keeps_its_weight() -> None:
    instance = make(10, {"a": 5, "b": 5}, [["a", "b"], ["b"], ["a"]], weights=[3, 40, 1])
    groups = make_groups(instance, merge=False)
    assert groups.count == 3
    assert groups.voters == 44
    assert groups.listed == ([0, 2, 0, 0], [0, 1, 0, 0])
    assert groups.heavy == ((), ((1, 39),))
    assert groups.supporters == (4, 43)
    assert groups.widest is None  # not computed when listed one by one


def test_merging_is_chosen_when_a_sample_of_ballots_repeats() -> None:
    projects = {f"p{i}": 10 for i in range(20)}
    few = [[f"p{i % 3}"] for i in range(64 * 16)]  # three different ballots
    assert repeats_enough(make(100, projects, few))
    triples = itertools.islice(itertools.combinations(projects, 3), 64 * 16)
    distinct = [list(triple) for triple in triples]  # no two alike
    assert not repeats_enough(make(100, projects, distinct))
    assert repeats_enough(make(100, projects, distinct[:100]))  # too small to sample: merge


def test_a_gatherer_returns_a_tuple_even_for_one_index() -> None:
    values = [10, 11, 12, 13]
    assert gatherer([2])(values) == (12,)
    assert gatherer([3, 0, 3])(values) == (13, 10, 13)


@PROPERTY
@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=30),
    st.integers(1, 10**5),
    st.integers(1, 10**9),
    st.integers(1, 10**6),
)
def test_class_names_bound_budgets_from_above_and_tell_them_apart(
    numerators: list[int], denominator: int, share_numerator: int, share_denominator: int
) -> None:
    share = Fraction(share_numerator, share_denominator)
    budgets = GroupBudgets(make_groups(make(1, {"a": 1}, [["a"]])), share)
    budgets.denominator = denominator
    named = {numerator: budgets.class_of(numerator) for numerator in numerators}
    for numerator, name in named.items():
        assert budgets.class_of(numerator) == name  # the same budget, the same class
        assert budgets.numerators[name] == max(numerator, 0)
        # the name is at least the budget in units of share / UNITS
        assert name * share >= Fraction(numerator, denominator) * UNITS
    assert len(set(named.values())) == len(named)  # different budgets, different classes


def test_budgets_rounding_to_the_same_name_get_different_ones() -> None:
    budgets = GroupBudgets(make_groups(make(1, {"a": 1}, [["a"]])), Fraction(1))
    budgets.denominator = 10**12  # budgets far closer than 2**-29
    first, second = budgets.class_of(1), budgets.class_of(2)
    assert first == second - 1 == 1  # both round up to 1; the second is raised
    assert budgets.class_of(0) == 0


def test_the_money_bound_spares_counting_the_supporters_of_an_unaffordable_project() -> None:
    # b's 4 supporters pay 5 each for a, keeping 5 of their 10: 20 left for b's cost 30
    instance = make(40, {"a": 20, "b": 30}, [["a", "b"]] * 4)
    budgets = GroupBudgets(make_groups(instance, merge=False), Fraction(10))
    cap = budgets.cap(0, 20)
    assert cap is not None
    budgets.charge(0, cap)
    assert budgets.count(1, 30) is None  # proven by the bound
    assert budgets.count(1, 20) == {budgets.class_of(5 * budgets.denominator): 4}
    assert budgets.cap(1, 30) is None


class CheckedBudgets(GroupBudgets):
    """GroupBudgets that checks, whenever the bound of the money rules a project out, that
    the exact count would have ruled it out as well."""

    bounded = 0

    def count(self, project: int, cost: int = 0) -> Counter[int] | None:
        found = super().count(project, cost)
        exact = super().count(project)  # a cost of 0 never rules anything out
        assert exact is not None
        if found is None:
            CheckedBudgets.bounded += 1
            numerators = [self.numerators[name] for name in exact]
            assert price(numerators, list(exact.values()), self.denominator, cost) is None
        else:
            assert found == exact
        return Counter(found) if found is not None else None


@st.composite
def weighted_supports(draw: st.DrawFn) -> Instance:
    """Approval ballots with weights often above EXPAND_UP_TO."""
    count = draw(st.integers(1, 6))
    ids = [f"p{i}" for i in range(count)]
    projects = tuple(Project(p, draw(st.integers(0, 80))) for p in ids)
    ballots = tuple(
        Ballot(
            tuple(draw(st.lists(st.sampled_from(ids), unique=True, max_size=count))),
            weight=draw(st.integers(1, 3 * EXPAND_UP_TO)),
            voter_id=f"v{n}",
        )
        for n in range(draw(st.integers(0, 10)))
    )
    return Instance(draw(st.integers(0, 200)), projects, ballots)


@PROPERTY
@given(st.one_of(weighted_supports(), elections(("approval", "cumulative"))), st.integers(0, 3))
def test_the_plain_run_funds_what_the_mask_based_run_funds(
    instance: Instance, raise_by: int
) -> None:
    election = _election(instance, None)
    if election.voters == 0:
        return
    share = Fraction(instance.budget) / election.voters + raise_by
    expected = run_fixed_budget(election, share)
    costs = [project.cost for project in instance.projects]
    for merge in (True, False):
        plain = plain_election(costs, make_groups(instance, merge))
        assert run_plain(plain, share) == expected
        assert run_plain(plain, share, CheckedBudgets(plain.groups, share)) == expected


def test_the_money_bound_is_exercised_by_the_checked_runs() -> None:
    before = CheckedBudgets.bounded
    instance = make(60, {"a": 20, "b": 30, "c": 25}, [["a", "b"]] * 4 + [["c"]] * 2)
    plain = plain_election([20, 30, 25], make_groups(instance, merge=False))
    share = Fraction(10)
    assert run_plain(plain, share, CheckedBudgets(plain.groups, share)) == [0]
    assert CheckedBudgets.bounded > before
