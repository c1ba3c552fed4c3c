"""A fixed-window rate limit counted in the shared cache (Redis in production), so that every
worker process counts together."""

from __future__ import annotations

import time

from django.core.cache import cache


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
