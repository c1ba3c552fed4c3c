"""Error reports to Sentry (or GlitchTip, which speaks the same protocol) when SENTRY_DSN is
set, with nothing personal in them: no cookies, no addresses, no user but its id, no form
data (a ballot, a message to an author, a password)."""

from __future__ import annotations

from typing import Any

SCRUBBED_HEADERS = frozenset({"cookie", "authorization", "x-forwarded-for", "x-real-ip"})


def scrub(event: dict[str, Any], _hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Keep what a developer needs to find the bug, drop what identifies a person."""
    request = event.get("request") or {}
    request.pop("cookies", None)
    request.pop("data", None)
    request.pop("env", None)
    request["query_string"] = ""  # may carry a one-time key (confirmation, unsubscribe)
    headers = request.get("headers") or {}
    request["headers"] = {
        name: value for name, value in headers.items() if name.lower() not in SCRUBBED_HEADERS
    }
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def init(dsn: str, *, environment: str, release: str) -> None:
    import sentry_sdk  # imported only when reports are on: no start-up cost otherwise

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        # Collect no user, cookie or body in the first place; scrub() is the backstop.
        data_collection={"user_info": False, "http_bodies": [], "stack_frame_variables": False},
        before_send=scrub,  # type: ignore[arg-type]
        traces_sample_rate=0.0,
    )
