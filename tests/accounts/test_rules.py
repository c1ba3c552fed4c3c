"""Who someone is: the predicates every app's permissions are built from, for each persona."""

from __future__ import annotations

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from tessera.accounts.models import Role, User
from tessera.accounts.rules import (
    is_administrator,
    is_analyst,
    is_moderator,
    is_process_manager,
    is_verified_resident,
)
from tessera.organizations.models import Organization
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PREDICATES = {
    "is_verified_resident": is_verified_resident,
    "is_analyst": is_analyst,
    "is_moderator": is_moderator,
    "is_process_manager": is_process_manager,
    "is_administrator": is_administrator,
}

# persona: the predicates it satisfies; every other one must say no.
MATRIX = {
    "anonymous": set(),
    "unverified_resident": set(),
    "resident": {"is_verified_resident"},
    "analyst": {"is_verified_resident", "is_analyst"},
    "moderator": {"is_verified_resident", "is_moderator"},
    "manager": {"is_verified_resident", "is_moderator", "is_process_manager"},
    "admin": {"is_verified_resident", "is_moderator", "is_process_manager", "is_administrator"},
    # The predicates describe the person; that they act on their own site only is enforced
    # at log-in (the session is bound to the organisation's host).
    "other_organization_admin": {
        "is_verified_resident",
        "is_moderator",
        "is_process_manager",
        "is_administrator",
    },
    "deactivated_admin": set(),
    "deactivated_analyst": set(),
}


@pytest.fixture
def anonymous() -> AnonymousUser:
    return AnonymousUser()


@pytest.fixture
def deactivated_admin(organization: Organization) -> User:
    return make_user(organization, Role.ADMINISTRATOR, is_active=False)


@pytest.fixture
def deactivated_analyst(analyst: User) -> User:
    analyst.is_active = False
    analyst.save()
    return analyst


@pytest.mark.parametrize("predicate", PREDICATES)
@pytest.mark.parametrize("persona", MATRIX)
def test_each_persona_satisfies_exactly_its_predicates(
    request: pytest.FixtureRequest, persona: str, predicate: str
) -> None:
    user = request.getfixturevalue(persona)

    assert PREDICATES[predicate](user) is (predicate in MATRIX[persona])


@pytest.mark.parametrize(
    ("permission", "allowed"),
    [
        ("accounts.view_user", {"admin"}),
        ("accounts.change_user", {"admin"}),
        ("accounts.view_service", {"manager", "admin"}),
        ("accounts.add_service", {"admin"}),
        ("accounts.change_own_profile", {"resident", "unverified_resident", "manager", "admin"}),
        ("accounts.delete_own_account", {"resident", "unverified_resident", "manager", "admin"}),
    ],
)
def test_the_account_permissions_follow_the_roles(
    request: pytest.FixtureRequest, permission: str, allowed: set[str]
) -> None:
    for persona in ("anonymous", "unverified_resident", "resident", "manager", "admin"):
        user = request.getfixturevalue(persona)
        assert rules.has_perm(permission, user) is (persona in allowed), persona
