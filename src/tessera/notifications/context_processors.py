from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from tessera.accounts.models import User
from tessera.notifications.selectors import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    """`notifications_unread` for the header: a callable, so that only a page that shows it
    reads it (from the cache: no query on a warm page)."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {}
    return {"notifications_unread": cache(lambda: unread_count(user))}
