"""Who counts as a participant, and the pure counts built on it (DESIGN.md's glossary).

A participant is an account with a verified e-mail address that did at least one action
(a proposal, a comment, a support or another reaction, a ballot, a reply), staff excluded:
moderators and above, members of a service (analysts) and the platform's operators. A deleted
account is no longer a person we can count: its contributions stay, anonymous.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class Person:
    email_verified: bool
    is_active: bool
    is_deleted: bool
    is_staff: bool
    actions: int


def is_participant(person: Person) -> bool:
    """The one definition: verified, active, not deleted, not staff, at least one action."""
    return (
        person.email_verified
        and person.is_active
        and not person.is_deleted
        and not person.is_staff
        and person.actions > 0
    )


def first_actions(actions: Iterable[tuple[int, datetime]]) -> dict[int, datetime]:
    """Each person's first action, from (person, when) pairs of every kind of action."""
    first: dict[int, datetime] = {}
    for person, when in actions:
        known = first.get(person)
        if known is None or when < known:
            first[person] = when
    return first


def per_day(moments: Iterable[date], start: date, end: date) -> list[tuple[date, int]]:
    """How many moments fall on each day from start to end included (zero days kept)."""
    counts = Counter(day for day in moments if start <= day <= end)
    days = (end - start).days + 1
    return [(start + timedelta(days=n), counts[start + timedelta(days=n)]) for n in range(days)]


AGE_BANDS = [(0, 17), (18, 24), (25, 34), (35, 49), (50, 64), (65, 200)]


def age_band(year_of_birth: int | None, year: int) -> str | None:
    """ "18–24", "65+"… for a declared year of birth; None when not declared."""
    if year_of_birth is None:
        return None
    age = year - year_of_birth
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}+" if high == 200 else f"{low}–{high}"
    return None
