"""Writes a person makes: follow or unfollow, choose e-mails, read, unsubscribe, leave."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from tessera.accounts.models import EmailFrequency, User
from tessera.followup.models import Realisation
from tessera.notifications import selectors, tokens
from tessera.notifications.families import Family
from tessera.notifications.models import Delivery, Follow, Notification, Preference
from tessera.processes.models import Process
from tessera.proposals.models import Proposal


def follow_set(
    *,
    user: User,
    following: bool,
    process: Process | None = None,
    proposal: Proposal | None = None,
    realisation: Realisation | None = None,
) -> Follow:
    """Follow or unfollow one process, proposal or realisation; unfollowing keeps the row as
    an opt-out."""
    targets = [target for target in (process, proposal, realisation) if target is not None]
    if len(targets) != 1:
        raise ValueError("follow_set takes one process, proposal or realisation")
    target = targets[0]
    follow, _created = Follow.objects.update_or_create(
        user=user,
        process=process,
        contribution_id=proposal.contribution_id if proposal is not None else None,
        realisation=realisation,
        defaults={"following": following},
        create_defaults={"following": following, "organization_id": target.organization_id},
    )
    return follow


def preferences_save(*, user: User, choices: Mapping[str, str]) -> None:
    """Store the choice made for each family (every family the form shows)."""
    with transaction.atomic():
        for family in Family:
            frequency = choices.get(family.value)
            if frequency not in EmailFrequency.values:
                continue
            Preference.objects.update_or_create(
                user=user,
                family=family.value,
                defaults={"frequency": frequency},
                create_defaults={"frequency": frequency, "organization_id": user.organization_id},
            )


def unsubscribe(*, user: User, family: str) -> None:
    """Stop the e-mails of one family, or of all ("*", the link of a digest), at once."""
    stopped = [f for f in Family if family in (f.value, tokens.ALL_FAMILIES)]
    preferences_save(user=user, choices={f.value: EmailFrequency.NEVER for f in stopped})


def notifications_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark some (or all) of this person's notifications read; how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    changed = unread.update(read_at=timezone.now())
    if changed:
        selectors.unread_count_forget(user)
    return changed


def personal_data_delete(*, user: User) -> None:
    """The account is being deleted: forget what it followed, was told and chose."""
    Notification.objects.filter(user=user).delete()
    Delivery.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
    Preference.objects.filter(user=user).delete()
    selectors.unread_count_forget(user)
