"""Reads of contributions shared by the tools' pages, the moderation queue and the API."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tessera.contributions.models import Reaction


def reacted_values(user: Any, contribution_ids: Iterable[int]) -> dict[int, str]:
    """The user's reaction to each of these contributions they reacted to, in one query."""
    ids = list(contribution_ids)
    if not user.is_authenticated or not ids:
        return {}
    return dict(
        Reaction.objects.filter(user=user, contribution_id__in=ids).values_list(
            "contribution_id", "value"
        )
    )
