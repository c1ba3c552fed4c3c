"""What views of every app ask of a request's user: who it is, and may they do this."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from tessera.accounts.models import User


def user_of(request: HttpRequest) -> User:
    """The logged-in user (for views wrapped in login_required)."""
    user = request.user
    assert isinstance(user, User)
    return user


def require(request: HttpRequest, permission: str, target: Any = None) -> None:
    """Refuse (403) unless the user has this rules permission, on `target` if given."""
    if not request.user.has_perm(permission, target):
        raise PermissionDenied
