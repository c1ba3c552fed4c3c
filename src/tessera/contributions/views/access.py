"""The one way the moderation's views ask who is asking (see STYLE.md: one helper, 403)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from tessera.accounts.models import User


def staff_user(request: HttpRequest, permission: str) -> User:
    """The user asking, if they have `permission` on this organisation; 403 otherwise."""
    user = request.user
    organization = request.organization  # type: ignore[attr-defined]
    if not isinstance(user, User) or not user.has_perm(permission, organization):
        raise PermissionDenied
    return user
