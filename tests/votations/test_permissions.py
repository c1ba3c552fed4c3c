"""Who may vote (with an account or a one-time code), read the results and count the paper
votes: a role × action matrix walked through the timeline (before, during, after)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tessera.accounts.models import User
from tessera.processes.models import Process
from tessera.votations.models import Participation
from tests.votations.conftest import votation_in

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "unverified_resident",
    "resident",
    "moderator",
    "manager",
    "admin",
    "other_organization_admin",
]
STAFF = {"manager", "admin"}
VOTERS = {"resident", "moderator", "manager", "admin"}
NOBODY: set[str] = set()

# (phase, settings) → action → roles allowed
MATRIX: list[tuple[str, dict[str, Any], dict[str, set[str]]]] = [
    (
        "before",
        {"codes_allowed": True},
        {"vote": NOBODY, "vote_with_code": NOBODY, "view_results": NOBODY, "count_paper": STAFF},
    ),
    (
        "during",
        {},
        {"vote": VOTERS, "vote_with_code": NOBODY, "view_results": NOBODY, "count_paper": STAFF},
    ),
    (
        "during",
        {"codes_allowed": True},
        {
            "vote": VOTERS,
            "vote_with_code": set(ROLES),
            "view_results": NOBODY,
            "count_paper": STAFF,
        },
    ),
    (
        "after",
        {"codes_allowed": True},
        {
            "vote": NOBODY,
            "vote_with_code": NOBODY,
            "view_results": set(ROLES),
            "count_paper": STAFF,
        },
    ),
]


@pytest.fixture
def people(request: pytest.FixtureRequest) -> dict[str, Any]:
    return {
        role: AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
        for role in ROLES
    }


@pytest.mark.parametrize(("phase", "options", "expected"), MATRIX)
def test_the_role_action_matrix(
    people: dict[str, Any],
    process: Process,
    phase: str,
    options: dict[str, Any],
    expected: dict[str, set[str]],
) -> None:
    v = votation_in(process, phase, **options)
    for action, allowed in expected.items():
        granted = {
            role for role, user in people.items() if user.has_perm(f"votations.{action}", v.step)
        }
        assert granted == allowed, action


@pytest.mark.parametrize(("changeable", "again"), [(True, True), (False, False)])
def test_having_voted_closes_voting_unless_the_vote_may_change(
    resident: User, process: Process, changeable: bool, again: bool
) -> None:
    v = votation_in(process, ballot_changeable=changeable)
    Participation.objects.create(
        organization=process.organization, step=v.step, voter=resident, voted_at=timezone.now()
    )
    assert resident.has_perm("votations.vote", v.step) is again


def test_another_kind_of_step_opens_nothing(resident: User, process: Process) -> None:
    v = votation_in(process)
    v.step.kind = "presentation"
    assert not resident.has_perm("votations.vote", v.step)
    assert not resident.has_perm("votations.view_results", v.step)
