"""The pure timeline rules: phase of a step, active step, process status, overlaps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tessera.processes.timeline import (
    Phase,
    ProcessStatus,
    active_step,
    next_step,
    overlapping,
    phase,
    process_status,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class S:
    name: str
    starts_at: datetime
    ends_at: datetime


def day(n: int) -> datetime:
    return T0 + timedelta(days=n)


STEPS = [
    S("collect", day(0), day(10)),
    S("analysis", day(10), day(20)),
    S("vote", day(25), day(30)),
]


def test_a_step_is_upcoming_before_its_start_current_during_and_past_from_its_end() -> None:
    step = STEPS[0]
    assert phase(step, day(-1)) is Phase.UPCOMING
    assert phase(step, day(0)) is Phase.CURRENT
    assert phase(step, day(10) - timedelta(seconds=1)) is Phase.CURRENT
    assert phase(step, day(10)) is Phase.PAST


def test_the_active_step_changes_exactly_when_the_next_one_starts() -> None:
    assert active_step(STEPS, day(9)).name == "collect"
    assert active_step(STEPS, day(10)).name == "analysis"


def test_between_two_steps_no_step_is_active_and_the_next_one_is_known() -> None:
    assert active_step(STEPS, day(22)) is None
    assert next_step(STEPS, day(22)).name == "vote"
    assert next_step(STEPS, day(31)) is None


def test_a_process_is_upcoming_open_then_closed() -> None:
    assert process_status(day(0), day(30), day(-1)) is ProcessStatus.UPCOMING
    assert process_status(day(0), day(30), day(22)) is ProcessStatus.OPEN
    assert process_status(day(0), day(30), day(30)) is ProcessStatus.CLOSED
    assert process_status(None, None, day(0)) is ProcessStatus.UPCOMING


def test_steps_that_touch_do_not_overlap_but_steps_that_share_an_instant_do() -> None:
    assert overlapping(S("next", day(30), day(31)), STEPS) == []
    assert [s.name for s in overlapping(S("x", day(19), day(26)), STEPS)] == ["analysis", "vote"]


@given(st.integers(-100, 100), st.integers(1, 50), st.integers(-100, 100), st.integers(1, 50))
def test_overlap_is_symmetric_and_matches_a_shared_instant(
    start_a: int, length_a: int, start_b: int, length_b: int
) -> None:
    a = S("a", day(start_a), day(start_a + length_a))
    b = S("b", day(start_b), day(start_b + length_b))
    shared = max(start_a, start_b) < min(start_a + length_a, start_b + length_b)
    assert bool(overlapping(a, [b])) == bool(overlapping(b, [a])) == shared


@given(
    st.lists(st.tuples(st.integers(0, 200), st.integers(1, 20)), max_size=8), st.integers(-10, 230)
)
def test_at_most_one_step_is_active_in_a_timeline_without_overlaps(
    spans: list[tuple[int, int]], now: int
) -> None:
    steps: list[S] = []
    for start, length in spans:
        candidate = S(str(start), day(start), day(start + length))
        if not overlapping(candidate, steps):
            steps.append(candidate)
    current = [s for s in steps if phase(s, day(now)) is Phase.CURRENT]
    assert len(current) <= 1
    assert active_step(steps, day(now)) == (current[0] if current else None)
