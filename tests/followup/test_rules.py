"""The pure rules: which statuses follow which, what the proposal does, what values are valid."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tessera.followup.rules import update_errors
from tessera.followup.statuses import (
    RealisationStatus,
    allowed_transitions,
    can_transition,
    proposal_moves,
)
from tessera.proposals.statuses import ProposalStatus

S = RealisationStatus
P = ProposalStatus
TODAY = date(2026, 6, 15)


def valid(**changes: Any) -> dict[str, Any]:
    """Values of a realisation under way, valid as they are."""
    base: dict[str, Any] = {
        "status": S.WORKS,
        "progress": 40,
        "abandon_reason": "",
        "planned_start": TODAY - timedelta(days=30),
        "planned_end": TODAY + timedelta(days=60),
        "actual_start": TODAY - timedelta(days=10),
        "actual_end": None,
        "budget_voted": 50_000,
        "budget_spent": 12_000,
    }
    return {**base, **changes}


def errors_of(current: str = S.WORKS, **changes: Any) -> dict[str, list[str]]:
    return update_errors(current_status=current, values=valid(**changes), today=TODAY)


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.TO_START, S.STUDIES, True),
        (S.TO_START, S.WORKS, True),
        (S.TO_START, S.DONE, False),
        (S.STUDIES, S.WORKS, True),
        (S.STUDIES, S.TO_START, False),
        (S.WORKS, S.DONE, True),
        (S.WORKS, S.STUDIES, False),
        (S.DONE, S.WORKS, False),
        (S.ABANDONED, S.TO_START, False),
    ],
)
def test_the_status_moves_forward_only(current: S, target: S, allowed: bool) -> None:
    assert can_transition(current, target) is allowed


@pytest.mark.parametrize("status", list(S))
def test_staying_in_a_status_is_always_allowed(status: S) -> None:
    assert can_transition(status, status)


@pytest.mark.parametrize("status", [s for s in S if s not in (S.DONE, S.ABANDONED)])
def test_a_realisation_not_finished_may_be_abandoned(status: S) -> None:
    assert S.ABANDONED in allowed_transitions(status)


def test_done_and_abandoned_are_final() -> None:
    assert allowed_transitions(S.DONE) == ()
    assert allowed_transitions(S.ABANDONED) == ()


@pytest.mark.parametrize(
    ("realisation", "proposal", "moves"),
    [
        (S.STUDIES, P.WINNER, (P.IN_PROGRESS,)),
        (S.WORKS, P.IN_PROGRESS, ()),
        (S.DONE, P.IN_PROGRESS, (P.DONE,)),
        (S.DONE, P.WINNER, (P.IN_PROGRESS, P.DONE)),
        (S.ABANDONED, P.WINNER, (P.ABANDONED,)),
        (S.ABANDONED, P.IN_PROGRESS, (P.ABANDONED,)),
        (S.TO_START, P.WINNER, ()),
        (S.WORKS, P.ELIGIBLE, ()),
    ],
)
def test_the_proposal_follows_its_realisation(
    realisation: S, proposal: P, moves: tuple[P, ...]
) -> None:
    assert proposal_moves(realisation, proposal) == moves


def test_valid_values_have_no_error() -> None:
    assert errors_of() == {}


def test_it_refuses_a_move_the_statuses_do_not_allow() -> None:
    with translation.override("en"):
        errors = errors_of(current=S.DONE, status=S.WORKS)
    assert errors["status"] == ["A realisation cannot go from “Done” to “Works”."]


@given(st.integers(min_value=-1000, max_value=1000))
def test_progress_is_a_percentage(progress: int) -> None:
    errors = errors_of(progress=progress)
    assert ("progress" in errors) is not (0 <= progress <= 100)


def test_a_done_realisation_is_at_100() -> None:
    done = {"status": S.DONE, "actual_end": TODAY}
    assert "progress" in errors_of(progress=90, **done)
    assert errors_of(progress=100, **done) == {}


def test_an_abandoned_realisation_says_why() -> None:
    assert "abandon_reason" in errors_of(status=S.ABANDONED, abandon_reason="   ")
    assert errors_of(status=S.ABANDONED, abandon_reason="Terrain vendu.") == {}


def test_a_reason_is_only_for_an_abandoned_realisation() -> None:
    assert "abandon_reason" in errors_of(abandon_reason="Pourquoi pas.")


def test_dates_come_in_order() -> None:
    assert "planned_end" in errors_of(planned_end=TODAY - timedelta(days=31))
    errors = errors_of(status=S.DONE, progress=100, actual_end=TODAY - timedelta(days=11))
    assert "actual_end" in errors


def test_actual_dates_are_not_in_the_future() -> None:
    assert "actual_start" in errors_of(actual_start=TODAY + timedelta(days=1))
    assert "actual_end" in errors_of(
        status=S.DONE, progress=100, actual_end=TODAY + timedelta(days=1)
    )


def test_an_actual_end_needs_an_actual_start_and_an_end() -> None:
    errors = errors_of(status=S.DONE, progress=100, actual_start=None, actual_end=TODAY)
    assert "actual_start" in errors
    assert "actual_end" in errors_of(actual_end=TODAY)  # still under works


def test_amounts_are_not_negative() -> None:
    errors = errors_of(budget_voted=-1, budget_spent=-5)
    assert set(errors) == {"budget_voted", "budget_spent"}


def test_spending_more_than_voted_is_allowed() -> None:
    assert errors_of(budget_spent=80_000) == {}
