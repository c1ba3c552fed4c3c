"""Reads: the unread count of the header (cached), the notification centre, follows.

The header shows the unread count on every page of a logged-in person: it is cached so a warm
page costs no query. Rather than forgetting one key per recipient when an event reaches 50,000
people, each organisation has a generation in the cache that every per-user key includes: a
fan-out changes the generation (one cache write) and every count is read again once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet

from tessera.accounts.models import EmailFrequency, User
from tessera.notifications.families import OPT_IN, Family
from tessera.notifications.models import Follow, Notification, Preference

UNREAD_CACHE_SECONDS = 3600


def _generation_key(organization_id: int) -> str:
    return f"notifications:generation:{organization_id}"


def _generation(organization_id: int) -> str:
    key = _generation_key(organization_id)
    generation = cache.get(key)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(key, generation, None)
        generation = cache.get(key, generation)
    return str(generation)


def _unread_key(user: User) -> str:
    return f"notifications:unread:{user.pk}"


def unread_count(user: User) -> int:
    """The header's count: the user's entry holds the generation it was counted in, so the
    generation and the count are read in one round trip to the cache."""
    key = _unread_key(user)
    found = cache.get_many([_generation_key(user.organization_id), key])
    generation, entry = found.get(_generation_key(user.organization_id)), found.get(key)
    if generation is not None and isinstance(entry, tuple) and entry[0] == generation:
        return int(entry[1])
    generation = _generation(user.organization_id)
    count = Notification.objects.filter(user=user, read_at__isnull=True).count()
    cache.set(key, (generation, count), UNREAD_CACHE_SECONDS)
    return count


def unread_count_forget(user: User) -> None:
    cache.delete(_unread_key(user))


def unread_counts_forget(organization_id: int) -> None:
    """Every count of the organisation is read again: new notifications reached many people."""
    cache.set(_generation_key(organization_id), uuid.uuid4().hex, None)


def notifications_of(user: User) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(user=user)
        .select_related("event")
        .order_by("-created_at", "-pk")
    )


def is_following(
    user: User,
    *,
    process_id: int | None = None,
    contribution_id: int | None = None,
    realisation_id: int | None = None,
) -> bool:
    return Follow.objects.filter(
        user=user,
        process_id=process_id,
        contribution_id=contribution_id,
        realisation_id=realisation_id,
        following=True,
    ).exists()


@dataclass(frozen=True)
class FamilyChoice:
    family: Family
    frequency: str
    is_default: bool


def preferences_of(user: User) -> list[FamilyChoice]:
    """Each family with this person's choice; the account's frequency where none was made,
    "never" for a family one must opt in to (families.OPT_IN)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("family", "frequency"))
    default = user.email_frequency or EmailFrequency.IMMEDIATELY
    return [
        FamilyChoice(
            family=family,
            frequency=chosen.get(
                family.value, EmailFrequency.NEVER if family in OPT_IN else default
            ),
            is_default=family.value not in chosen,
        )
        for family in Family
    ]
