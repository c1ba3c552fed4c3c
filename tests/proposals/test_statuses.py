"""The status table, walked exhaustively."""

from __future__ import annotations

import itertools

import pytest

from tessera.proposals.statuses import (
    TRANSITIONS,
    ProposalStatus,
    allowed_transitions,
    can_transition,
    is_final,
)

S = ProposalStatus


def test_every_status_has_a_row() -> None:
    assert set(TRANSITIONS) == set(ProposalStatus)


def test_the_main_road_follows_the_order_of_the_issue() -> None:
    road = [S.PUBLISHED, S.UNDER_ANALYSIS, S.ELIGIBLE, S.WINNER, S.IN_PROGRESS, S.DONE]
    for before, after in itertools.pairwise(road):
        assert can_transition(before, after)


@pytest.mark.parametrize(
    ("current", "target"), list(itertools.product(ProposalStatus, ProposalStatus))
)
def test_a_move_is_allowed_exactly_when_the_table_lists_it(current: S, target: S) -> None:
    assert can_transition(current, target) == (target in TRANSITIONS[current])


def test_no_status_moves_to_itself_and_nothing_leaves_a_final_status() -> None:
    for status in ProposalStatus:
        assert status not in allowed_transitions(status)
    assert {s for s in ProposalStatus if is_final(s)} == {
        S.NOT_SELECTED,
        S.DONE,
        S.ABANDONED,
        S.WITHDRAWN,
    }


def test_only_undecided_proposals_can_be_withdrawn() -> None:
    assert {s for s in ProposalStatus if can_transition(s, S.WITHDRAWN)} == {
        S.PUBLISHED,
        S.UNDER_ANALYSIS,
    }
