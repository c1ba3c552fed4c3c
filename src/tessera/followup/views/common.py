"""What the follow-up views share: the logged-in user and the permission check."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from tessera.accounts.models import User


def user_of(request: HttpRequest) -> User:
    """The logged-in user (back-office views are wrapped in login_required)."""
    user = request.user
    assert isinstance(user, User)
    return user


def require(request: HttpRequest, permission: str, target: Any = None) -> None:
    if not request.user.has_perm(permission, target):
        raise PermissionDenied
