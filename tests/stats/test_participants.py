"""The one definition of a participant, as a pure rule and as the query: both agree."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import product

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tessera.accounts.models import Role
from tessera.organizations.models import Organization
from tessera.stats import participants as rules
from tessera.stats.selectors import participants
from tests.conftest import make_user
from tests.factories import ServiceFactory
from tests.proposals.factories import ProposalFactory


def person(**changes: object) -> rules.Person:
    values: dict[str, object] = {
        "email_verified": True,
        "is_active": True,
        "is_deleted": False,
        "is_staff": False,
        "actions": 1,
    }
    values.update(changes)
    return rules.Person(**values)  # type: ignore[arg-type]


def test_a_verified_resident_who_acted_once_is_a_participant() -> None:
    assert rules.is_participant(person())


@pytest.mark.parametrize(
    "case",
    [
        {"email_verified": False},  # an unverified e-mail
        {"is_active": False},  # a banned or deactivated account
        {"is_deleted": True},  # a deleted account
        {"is_staff": True},  # staff: moderators and above, analysts
        {"actions": 0},  # registered, never acted
    ],
)
def test_each_tricky_case_is_not_a_participant(case: dict[str, object]) -> None:
    assert not rules.is_participant(person(**case))


@given(
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.integers(min_value=0, max_value=3),
)
def test_a_participant_is_exactly_a_verified_active_resident_who_acted(
    verified: bool, active: bool, deleted: bool, staff: bool, actions: int
) -> None:
    someone = rules.Person(verified, active, deleted, staff, actions)
    expected = verified and active and not deleted and not staff and actions >= 1
    assert rules.is_participant(someone) is expected


def test_the_first_action_of_each_person_is_kept() -> None:
    now = datetime(2026, 3, 1, 12, 0)
    first = rules.first_actions([(1, now), (2, now), (1, now - timedelta(days=2))])
    assert first == {1: now - timedelta(days=2), 2: now}


def test_days_without_anyone_are_counted_as_zero() -> None:
    start = date(2026, 3, 1)
    counted = rules.per_day(
        [start, start, date(2026, 3, 3), date(2026, 4, 1)], start, date(2026, 3, 3)
    )
    assert counted == [(start, 2), (date(2026, 3, 2), 0), (date(2026, 3, 3), 1)]


@pytest.mark.parametrize(
    ("year_of_birth", "band"), [(None, None), (2010, "0–17"), (2008, "18–24"), (1950, "65+")]
)
def test_the_age_band_comes_from_the_declared_year(
    year_of_birth: int | None, band: str | None
) -> None:
    assert rules.age_band(year_of_birth, 2026) == band


@pytest.mark.django_db
def test_the_query_and_the_rule_agree_on_every_kind_of_person(organization: Organization) -> None:
    """Every combination of the rule's inputs, built for real, then asked both ways."""
    expected = set()
    analysts = ServiceFactory(organization=organization)
    for verified, active, deleted, staff, acted in product([True, False], repeat=5):
        user = make_user(
            organization,
            Role.MODERATOR if staff and active else Role.RESIDENT,
            email_verified=verified,
            is_active=active,
            deleted_at=timezone.now() if deleted else None,
        )
        if staff and not active:
            analysts.members.add(user)  # the other way to be staff: a member of a service
        if acted:
            ProposalFactory(author=user, organization=organization)
        someone = rules.Person(verified, active, deleted, staff, int(acted))
        if rules.is_participant(someone):
            expected.add(user.pk)
    assert set(participants().values_list("pk", flat=True)) == expected
    assert len(expected) == 1


@pytest.mark.django_db
def test_a_person_who_only_reacted_is_a_participant(organization: Organization) -> None:
    from tessera.contributions.models import Reaction

    proposal = ProposalFactory(organization=organization)
    reader = make_user(organization)
    Reaction.objects.create(
        organization=organization, contribution=proposal.contribution, user=reader, value="positive"
    )
    assert set(participants().values_list("pk", flat=True)) == {proposal.author_id, reader.pk}


@pytest.mark.django_db
def test_an_analyst_who_proposed_is_staff_not_a_participant(organization: Organization) -> None:
    analyst = make_user(organization)
    ServiceFactory(organization=organization).members.add(analyst)
    ProposalFactory(author=analyst, organization=organization)
    assert not participants().exists()
