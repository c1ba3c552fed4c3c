"""A fixed-window rate limit counted in the shared cache (Redis in production), so that every
worker process counts together; and a view decorator that limits by user and by address."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from tessera.core.http import rate_key_ip

# (requests, seconds)
Limit = tuple[int, int]


def window_allows(key: str, limit: int, period: int) -> bool:
    """Count one more request under `key` in the current window of `period` seconds; False
    once `limit` is passed."""
    window_key = f"{key}:{int(time.time() // period)}"
    if cache.add(window_key, 1, period + 1):
        return True
    try:
        return cache.incr(window_key) <= limit
    except ValueError:  # the window expired between add() and incr()
        cache.set(window_key, 1, period + 1)
        return True


def request_allowed(
    request: HttpRequest, name: str, *, per_address: Limit, per_user: Limit | None = None
) -> bool:
    """Count this request against its address's bucket and, when logged in, its user's.

    Both are counted (not one or the other), so logging in does not lift the address's
    limit and many accounts behind one address cannot multiply it.
    """
    organization = getattr(request, "organization", None)
    prefix = f"rate:{name}:{organization.pk if organization else '-'}"
    allowed = window_allows(f"{prefix}:ip:{rate_key_ip(request)}", *per_address)
    user = getattr(request, "user", None)
    if per_user is not None and user is not None and user.is_authenticated:
        allowed = window_allows(f"{prefix}:user:{user.pk}", *per_user) and allowed
    return allowed


def too_many(request: HttpRequest) -> HttpResponseBase:
    return render(request, "429.html", status=429)


def rate_limited(
    name: str,
    *,
    per_address: Limit,
    per_user: Limit | None = None,
    methods: frozenset[str] = frozenset({"POST"}),
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Answer 429 to a request of `methods` past its limits, before the view runs."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @functools.wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method in methods and not request_allowed(
                request, name, per_address=per_address, per_user=per_user
            ):
                return too_many(request)
            return view(request, *args, **kwargs)

        return limited

    return decorator
