"""Who someone is, as predicates every app's rules combine (django-rules)."""

from __future__ import annotations

from typing import Any

import rules

from tessera.accounts.models import Role
from tessera.organizations.models import Organization


def _has_role(role: Role) -> rules.Predicate:
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user: Any) -> bool:
        return bool(user.is_authenticated and user.is_active and user.has_role(role))

    return predicate


@rules.predicate
def is_same_organization(user: Any, target: Any) -> bool:
    """The object (or organisation) belongs to the user's organisation; no object: true.

    Requests are already scoped to one organisation; this keeps object permissions right
    for any caller, such as a task or the API, that holds objects of several organisations.
    """
    if target is None:
        return True
    if not user.is_authenticated:
        return False
    organization_id = target.pk if isinstance(target, Organization) else target.organization_id
    return bool(organization_id == user.organization_id)


@rules.predicate
def is_verified_resident(user: Any) -> bool:
    """An active account whose e-mail address is verified: the minimum to take part."""
    return bool(user.is_authenticated and user.is_active and user.email_verified)


@rules.predicate
def is_analyst(user: Any) -> bool:
    """A member of at least one of the organisation's services.

    Remembered on the user object: a page asks it several times (menu, views, templates),
    and the user object lives only as long as its request.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, "_is_analyst"):
        user._is_analyst = user.services.exists()
    return bool(user._is_analyst)


is_moderator = _has_role(Role.MODERATOR)
is_process_manager = _has_role(Role.MANAGER)
is_administrator = _has_role(Role.ADMINISTRATOR)
is_platform_operator = rules.is_superuser

rules.add_perm("accounts.view_user", is_administrator)
rules.add_perm("accounts.change_user", is_administrator)
rules.add_perm("accounts.view_service", is_process_manager)
rules.add_perm("accounts.add_service", is_administrator)
rules.add_perm("accounts.change_service", is_administrator)
rules.add_perm("accounts.delete_service", is_administrator)
rules.add_perm("accounts.change_own_profile", rules.is_authenticated)
rules.add_perm("accounts.delete_own_account", rules.is_authenticated)
