"""A rate limit on follow and unfollow: one click each is plenty, a script flipping them
thousands of times is not. A fixed window per user in the shared cache."""

from __future__ import annotations

from tessera.core.ratelimit import window_allows

FOLLOWS_PER_MINUTE = 30


def follow_allowed(user_id: int) -> bool:
    """Count this follow or unfollow; False once the minute's limit is passed."""
    return window_allows(f"notifications:follow-rate:{user_id}", FOLLOWS_PER_MINUTE, 60)
