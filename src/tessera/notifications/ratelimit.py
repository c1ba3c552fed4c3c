"""A rate limit on follow and unfollow: one click each is plenty, a script flipping them
thousands of times is not. A fixed window per user in the shared cache."""

from __future__ import annotations

import time

from django.core.cache import cache

FOLLOWS_PER_MINUTE = 30


def follow_allowed(user_id: int) -> bool:
    """Count this follow or unfollow; False once the minute's limit is passed."""
    key = f"notifications:follow-rate:{user_id}:{int(time.time() // 60)}"
    if cache.add(key, 1, 61):
        return True
    try:
        return cache.incr(key) <= FOLLOWS_PER_MINUTE
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, 61)
        return True
