"""Reads of contributions shared by the tools' pages, the moderation queue and the API."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.db.models import F, Q
from django.utils import timezone

from tessera.contributions.models import Ban, Reaction


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


def active_ban(user: Any) -> Ban | None:
    """The ban that keeps this person from contributing now, if any (asked once a request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if hasattr(user, "_active_ban"):  # the permissions of one page ask it several times
        return cast(Ban | None, user._active_ban)
    ban = (
        Ban.objects.filter(user=user, lifted_at__isnull=True)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now()))
        .order_by(F("ends_at").desc(nulls_first=True))
        .first()
    )
    user._active_ban = ban
    return ban


def bans_active() -> list[Ban]:
    """The bans in force, soonest end first (those without an end last)."""
    return list(
        Ban.objects.filter(lifted_at__isnull=True)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now()))
        .select_related("user", "created_by")
        .order_by(F("ends_at").asc(nulls_last=True), "-pk")
    )
