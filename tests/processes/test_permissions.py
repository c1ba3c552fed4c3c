"""Role × action matrix for processes, walked for each kind of visibility."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tessera.organizations.models import Organization
from tessera.processes.models import Process, Visibility
from tests.conftest import make_user
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "resident",
    "allowed_resident",
    "analyst",
    "moderator",
    "manager",
    "admin",
    "other_organization_admin",
]
ACTIONS = [
    "view_public",
    "view_unlisted",
    "view_restricted",
    "view_draft",
    "add",
    "change",
    "delete",
]

# Who may do what: a row per persona, in the order of ACTIONS.
EXPECTED = {
    "anonymous":                (1, 1, 0, 0, 0, 0, 0),
    "resident":                 (1, 1, 0, 0, 0, 0, 0),
    "allowed_resident":         (1, 1, 1, 0, 0, 0, 0),
    "analyst":                  (1, 1, 0, 0, 0, 0, 0),
    "moderator":                (1, 1, 0, 0, 0, 0, 0),
    "manager":                  (1, 1, 1, 1, 1, 1, 1),
    "admin":                    (1, 1, 1, 1, 1, 1, 1),
    "other_organization_admin": (1, 1, 0, 0, 0, 0, 0),
}  # fmt: skip


@pytest.fixture
def processes(organization: Organization) -> dict[str, Process]:
    return {
        "view_public": ProcessFactory(organization=organization),
        "view_unlisted": ProcessFactory(organization=organization, visibility=Visibility.UNLISTED),
        "view_restricted": ProcessFactory(
            organization=organization, visibility=Visibility.RESTRICTED
        ),
        "view_draft": ProcessFactory(organization=organization, is_published=False),
    }


def persona(name: str, request: pytest.FixtureRequest, organization: Organization) -> object:
    if name == "anonymous":
        return AnonymousUser()
    if name == "allowed_resident":
        return make_user(organization)
    if name == "analyst":
        return request.getfixturevalue("analyst")
    return request.getfixturevalue(name)


@pytest.mark.parametrize("name", PERSONAS)
def test_each_role_may_do_exactly_what_the_matrix_says(
    name: str,
    request: pytest.FixtureRequest,
    organization: Organization,
    processes: dict[str, Process],
) -> None:
    user = persona(name, request, organization)
    if name == "allowed_resident":
        processes["view_restricted"].allowed_users.add(user)
    actual = []
    for action in ACTIONS:
        if action.startswith("view_"):
            actual.append(int(user.has_perm("processes.view_process", processes[action])))
        elif action == "add":
            actual.append(int(user.has_perm("processes.add_process", organization)))
        else:
            actual.append(
                int(user.has_perm(f"processes.{action}_process", processes["view_public"]))
            )
    assert tuple(actual) == EXPECTED[name]
