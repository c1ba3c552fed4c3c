"""Pure rules of a process's timeline: which step is active, and which steps overlap.

Plain data in, plain data out: views, services, the API and the tests all ask these.
A step runs on the half-open interval [starts_at, ends_at): it is over at its end instant,
so a step may start exactly when the previous one ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class Phase(StrEnum):
    PAST = "past"
    CURRENT = "current"
    UPCOMING = "upcoming"


class ProcessStatus(StrEnum):
    OPEN = "open"
    UPCOMING = "upcoming"
    CLOSED = "closed"


class Dated(Protocol):
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...


def phase(step: Dated, now: datetime) -> Phase:
    if now < step.starts_at:
        return Phase.UPCOMING
    if now < step.ends_at:
        return Phase.CURRENT
    return Phase.PAST


def active_step[D: Dated](steps: Iterable[D], now: datetime) -> D | None:
    """The step running now; steps never overlap, so there is at most one."""
    return next((step for step in steps if phase(step, now) is Phase.CURRENT), None)


def next_step[D: Dated](steps: Iterable[D], now: datetime) -> D | None:
    upcoming = [step for step in steps if phase(step, now) is Phase.UPCOMING]
    return min(upcoming, key=lambda step: step.starts_at, default=None)


def process_status(
    starts_at: datetime | None, ends_at: datetime | None, now: datetime
) -> ProcessStatus:
    """Open from its first step's start to its last step's end.

    A process with no step yet is upcoming.
    """
    if starts_at is None or ends_at is None or now < starts_at:
        return ProcessStatus.UPCOMING
    if now < ends_at:
        return ProcessStatus.OPEN
    return ProcessStatus.CLOSED


def overlapping[D: Dated](candidate: Dated, others: Sequence[D]) -> list[D]:
    """The steps among `others` whose dates intersect the candidate's."""
    return [
        other
        for other in others
        if other.starts_at < candidate.ends_at and candidate.starts_at < other.ends_at
    ]


def shifted_by_years(moment: datetime, years: int) -> datetime:
    """The same day and time `years` later; 29 February becomes 28 February."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)
