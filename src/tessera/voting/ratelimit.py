"""Rate limits of the ballot endpoints (DESIGN.md, "Security and privacy"): a fixed window per
user (or per address for visitors) in the shared cache, so every worker counts together."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

LIMITS = {
    # action: (requests, seconds)
    "basket": (120, 60),
    "submit": (30, 60),
    "code": (10, 60),  # one-time codes: slow down guessing (12 characters of 31 anyway)
}


def allow(request: HttpRequest, action: str) -> bool:
    """Count this request; False once the window's limit is passed."""
    limit, period = LIMITS[action]
    user = request.user
    who = f"u{user.pk}" if user.is_authenticated else f"a{request.META.get('REMOTE_ADDR', '')}"
    key = f"voting:rate:{action}:{who}:{int(time.time() // period)}"
    if cache.add(key, 1, period + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, period + 1)
        return True
    return count <= limit
