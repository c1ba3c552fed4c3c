"""The fast Method of Equal Shares against a plain voter-by-voter one (tests/.../reference.py).

The production code groups voters, keeps budgets as integer numerators, prices lazily, caches
supporter counts between runs and jumps over raises proven not to change the outcome; the
reference does none of that. Both must agree exactly, ties included.
"""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.voting.tally import Instance, equal_shares, tally
from tessera.voting.tally.equal_shares import _election
from tessera.voting.tally.mes_fixed import run_fixed_budget
from tessera.voting.tally.mes_interval import same_outcome_between
from tessera.voting.tally.mes_paths import PathCache

from . import reference
from .helpers import load, pabulib_names
from .strategies import elections, thresholds

PROPERTY = settings(max_examples=300, deadline=None)


@PROPERTY
@given(elections(("approval", "choose-1", "cumulative")), thresholds)
def test_plain_equal_shares_matches_the_reference(
    instance: Instance, threshold: int | None
) -> None:
    voters = sum(ballot.weight for ballot in instance.ballots)
    expected: list[str] = []
    if voters:
        expected = reference.mes(instance, Fraction(instance.budget) / voters, threshold)
    assert list(tally(instance, "equal-shares-plain", threshold).selected) == expected


@PROPERTY
@given(elections(("approval", "choose-1")), thresholds)
def test_the_completion_matches_the_unit_by_unit_scan(
    instance: Instance, threshold: int | None
) -> None:
    expected = reference.add1(instance, threshold=threshold)
    assert list(tally(instance, "equal-shares", threshold).selected) == expected


@PROPERTY
@given(elections(("approval",)))
def test_the_exhaustive_variant_matches_the_unit_by_unit_scan(instance: Instance) -> None:
    expected = reference.add1(instance, exhaustive=True)
    assert list(equal_shares(instance, stop_when_exhaustive=True).selected) == expected


@PROPERTY
@given(
    elections(("approval", "choose-1"), max_projects=5, max_ballots=8),
    st.integers(0, 40),
    st.integers(1, 30),
    st.data(),
)
def test_a_proven_stretch_of_shares_funds_the_same_projects_throughout(
    instance: Instance, raise_by: int, length: int, data: st.DataObject
) -> None:
    election = _election(instance, None)
    if election.voters == 0:
        return
    low = Fraction(instance.budget) / election.voters + raise_by
    high = low + length
    cache = PathCache(election)
    funded = run_fixed_budget(election, low, cache)
    if not same_outcome_between(election, funded, low, high, cache):
        return
    for _ in range(6):  # shares anywhere in [low, high], not only whole raises
        inside = low + length * data.draw(
            st.fractions(min_value=0, max_value=1, max_denominator=60)
        )
        assert run_fixed_budget(election, inside, cache) == funded
        assert run_fixed_budget(election, inside) == funded  # with or without the cache


@PROPERTY
@given(elections(("approval",), max_projects=5, max_ballots=8), st.integers(0, 40))
def test_a_stretch_is_never_proven_across_a_change(instance: Instance, raise_by: int) -> None:
    election = _election(instance, None)
    if election.voters == 0:
        return
    low = Fraction(instance.budget) / election.voters + raise_by
    cache = PathCache(election)
    funded = run_fixed_budget(election, low, cache)
    for length in range(1, 12):
        if run_fixed_budget(election, low + length, cache) != funded:
            assert not same_outcome_between(election, funded, low, low + length, cache)


def test_assen_matches_the_unit_by_unit_scan() -> None:
    """On Assen (84 voters, 845 raises) the completion skips most raises; the result must be
    the scan's. (All three cities are also checked against their official outcome.)"""
    if "Netherlands_Assen_2024.pb" not in pabulib_names():
        return
    instance = load("Netherlands_Assen_2024.pb").instance
    election = _election(instance, None)
    share = Fraction(instance.budget) / election.voters
    cache = PathCache(election)
    funded = run_fixed_budget(election, share, cache)
    while True:
        raised = run_fixed_budget(election, share + 1, cache)
        if instance.cost_of([instance.projects[p].id for p in raised]) > instance.budget:
            break
        share, funded = share + 1, raised
    assert tally(instance, "equal-shares").selected == tuple(
        instance.projects[p].id for p in funded
    )
    assert math.floor(share) == 2033
