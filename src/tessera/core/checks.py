"""System checks of a production configuration (`manage.py check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_our_own(**_kwargs: Any) -> list[Error]:
    """The demo's key is in the repository: a site using it lets anyone forge signed links."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if settings.DEMO_SECRET_KEY in keys:
        return [
            Error(
                "SECRET_KEY is the demo's key, which anyone can read in the repository.",
                hint="Set SECRET_KEY to a long random value of your own (docs/deploy.md).",
                id="tessera.E001",
            )
        ]
    return []
