"""Our rules against pabutools, the researchers' reference library, with the same tie-break.

pabutools has no "stop at the first proposal that does not fit" rule, so greedy-no-skip is
checked against the official outcomes only. Its MES completion stops at the first exhaustive
outcome, which is our `stop_when_exhaustive` option (our default scan goes on: see
test_official_outcomes.py, Wieliczka). pabutools is slow on large elections (its MES
completion needs seconds for a few thousand voters), so real files are compared under a size
cap, listed in SIZE_CAPS; every official file is compared with the official outcome anyway.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from tessera.voting.tally import Instance, equal_shares, tally

from . import pabutools_bridge as pb
from .helpers import NO_PABULIB, load, pabulib_names
from .official import official_names
from .strategies import elections, thresholds

# Ballots per file, chosen so that pabutools runs in about 15 s in all (73, 44 and 9 of the 97
# official files). A one-off run without caps matched on every file pabutools finished.
SIZE_CAPS = {"greedy": 5_000, "equal-shares-plain": 3_000, "equal-shares-exhaustive": 500}


def capped(rule: str, approval_only: bool = False) -> list[str]:
    names = [
        name
        for name in official_names()
        if len(load(name).instance.ballots) <= SIZE_CAPS[rule]
        and (not approval_only or load(name).instance.vote_type in ("approval", "choose-1"))
    ]
    return names or ["(none)"]


@pytest.mark.skipif(not pabulib_names(), reason=NO_PABULIB)
@pytest.mark.parametrize("name", capped("greedy"))
def test_greedy_matches_pabutools_on_real_elections(name: str) -> None:
    pabulib_file = load(name)
    threshold = pabulib_file.threshold
    ours = tally(pabulib_file.instance, "greedy", threshold)
    assert set(ours.selected) == pb.greedy(pabulib_file.instance, threshold)


@pytest.mark.skipif(not pabulib_names(), reason=NO_PABULIB)
@pytest.mark.parametrize("name", capped("equal-shares-plain", approval_only=True))
def test_plain_equal_shares_matches_pabutools_on_real_elections(name: str) -> None:
    instance = load(name).instance
    ours = tally(instance, "equal-shares-plain")
    assert set(ours.selected) == pb.equal_shares(instance, completion=False)


@pytest.mark.skipif(not pabulib_names(), reason=NO_PABULIB)
@pytest.mark.parametrize("name", capped("equal-shares-exhaustive", approval_only=True))
def test_completed_equal_shares_matches_pabutools_on_real_elections(name: str) -> None:
    instance = load(name).instance
    ours = equal_shares(instance, stop_when_exhaustive=True)
    assert set(ours.selected) == pb.equal_shares(instance, completion=True)


PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(elections(("approval", "choose-1", "cumulative", "ordinal")), thresholds)
def test_greedy_matches_pabutools(instance: Instance, threshold: int | None) -> None:
    assert set(tally(instance, "greedy", threshold).selected) == pb.greedy(instance, threshold)


@PROPERTY
@given(elections(("approval", "choose-1")))
def test_plain_equal_shares_matches_pabutools(instance: Instance) -> None:
    ours = tally(instance, "equal-shares-plain")
    assert set(ours.selected) == pb.equal_shares(instance, completion=False)


@PROPERTY
@given(elections(("approval", "choose-1")))
def test_completed_equal_shares_matches_pabutools(instance: Instance) -> None:
    ours = equal_shares(instance, stop_when_exhaustive=True)
    assert set(ours.selected) == pb.equal_shares(instance, completion=True)
