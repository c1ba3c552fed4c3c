"""Rate limits of the ballot endpoints (DESIGN.md, "Security and privacy"): a fixed window per
user (or per address for visitors) in the shared cache, so every worker counts together."""

from __future__ import annotations

from django.http import HttpRequest

from tessera.core.http import rate_key_ip
from tessera.core.ratelimit import window_allows

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
    who = f"u{user.pk}" if user.is_authenticated else f"a{rate_key_ip(request)}"
    return window_allows(f"voting:rate:{action}:{who}", limit, period)
