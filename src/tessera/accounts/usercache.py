"""The request's user from the shared cache: a logged-in page then runs no SQL at all.

Every logged-in request reads its user's row (and whether they belong to a service, for the
header's back-office link). The row is kept in the cache with the generation of the user it
was read at; every write to the user (a save, a deletion, a queryset update that calls
`user_changed`, a service's members changing) moves the generation on after its commit, so
the next request reads the row again. A reader that raced a write stored its row under the
old generation, which nobody asks for any more: no entry can outlive a change.
"""

from __future__ import annotations

import secrets
from contextlib import suppress
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db import transaction

ENTRY_SECONDS = 3600


class CachedUser(NamedTuple):
    generation: int
    row: tuple[Any, ...]  # the user's fields but the password hash, in the model's order
    is_analyst: bool
    session_auth_hash: str  # what the session is checked against (a keyed hash, not the hash)


def _keys(pk: int) -> tuple[str, str]:
    return f"accounts:user:{pk}", f"accounts:user:{pk}:generation"


def user_entry(pk: int) -> tuple[CachedUser | None, int | None]:
    """The cached row of user `pk` if it is of the current generation, and that generation
    (None when nobody started one: the row must be read, and is not kept)."""
    entry_key, generation_key = _keys(pk)
    found = cache.get_many([entry_key, generation_key])
    generation = found.get(generation_key)
    entry = found.get(entry_key)
    if generation is None:
        # Never started, or evicted: start one that no entry written before can carry.
        generation = secrets.randbits(62)
        if not cache.add(generation_key, generation, None):
            return None, None  # another request started it meanwhile: read, keep nothing
        return None, generation
    if isinstance(entry, CachedUser) and entry.generation == generation:
        return entry, generation
    return None, generation


def user_entry_store(pk: int, entry: CachedUser) -> None:
    cache.set(_keys(pk)[0], entry, ENTRY_SECONDS)


def user_changed(*pks: int) -> None:
    """Forget the cached rows of these users, now and again once the current transaction
    commits: a request reading the row between the write and its commit still sees the old
    one, and may store it under the generation of now. Call it after a queryset `update()`
    of users: saves, deletions and service memberships call it themselves
    (`AccountsConfig.ready`)."""

    def move_on() -> None:
        for pk in pks:
            generation_key = _keys(pk)[1]
            with suppress(ValueError):  # no generation yet: the next reader starts one
                cache.incr(generation_key)

    move_on()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(move_on)


def on_user_saved_or_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is not None:
        user_changed(instance.pk)


def on_membership_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """A service's members changed: whether they are analysts changed."""
    if not action.startswith("post_") and action != "pre_clear":
        return
    if reverse:  # user.services.…(): the user is the instance
        user_changed(instance.pk)
    elif pk_set:
        user_changed(*pk_set)
    elif action == "pre_clear":
        user_changed(*instance.members.values_list("pk", flat=True))


def on_service_deleting(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A deleted service's memberships go by cascade, with no m2m signal."""
    user_changed(*instance.members.values_list("pk", flat=True))
