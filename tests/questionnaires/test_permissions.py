"""Who may answer, change a reply, build the questionnaire and read its results: a role ×
action matrix walked through the timeline (before, during, after the step)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tessera.accounts.models import User
from tessera.processes.models import Process
from tessera.questionnaires.models import Participation
from tests.questionnaires.conftest import questionnaire_in

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
TAKING_PART = {"resident", "moderator", "manager", "admin"}

# (phase, settings) → action → roles allowed
MATRIX: list[tuple[str, dict[str, Any], dict[str, set[str]]]] = [
    ("before", {}, {"answer": set(), "change_reply": set(), "build": STAFF, "view_results": STAFF}),
    (
        "during",
        {},
        {"answer": TAKING_PART, "change_reply": set(), "build": STAFF, "view_results": STAFF},
    ),
    (
        "during",
        {"audience": "logged_in", "editable": True},
        {
            "answer": TAKING_PART | {"unverified_resident"},
            "change_reply": TAKING_PART | {"unverified_resident"},
            "build": STAFF,
            "view_results": STAFF,
        },
    ),
    (
        "during",
        {"audience": "anyone", "one_reply": False, "drafts": False},
        {"answer": set(ROLES), "change_reply": set(), "build": STAFF, "view_results": STAFF},
    ),
    ("after", {}, {"answer": set(), "change_reply": set(), "build": STAFF, "view_results": STAFF}),
    (
        "after",
        {"results_public": True},
        {"answer": set(), "change_reply": set(), "build": STAFF, "view_results": set(ROLES)},
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
    m = questionnaire_in(process, phase, **options)
    for action, allowed in expected.items():
        granted = {
            role
            for role, user in people.items()
            if user.has_perm(f"questionnaires.{action}", m.step)
        }
        assert granted == allowed, action


def test_one_reply_per_person_closes_answering_once_replied(
    resident: User, process: Process
) -> None:
    m = questionnaire_in(process)
    assert resident.has_perm("questionnaires.answer", m.step)
    Participation.objects.create(organization=process.organization, step=m.step, person=resident)
    assert not resident.has_perm("questionnaires.answer", m.step)


def test_another_kind_of_step_opens_nothing(
    resident: User, manager: User, process: Process
) -> None:
    m = questionnaire_in(process)
    m.step.kind = "presentation"
    assert not resident.has_perm("questionnaires.answer", m.step)
    assert not resident.has_perm("questionnaires.view_results", m.step)
