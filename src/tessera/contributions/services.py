"""Writes on contributions: each service is one transaction and keeps the counters right.

Tools call these from their own services (a proposal is submitted with its contribution);
who may act is the caller's to ask (contributions.rules and the tool's rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from tessera.accounts.models import Role, Service, User
from tessera.contributions import kinds, reactions
from tessera.contributions.models import (
    Answer,
    Ban,
    Contribution,
    ContributionState,
    Reaction,
)
from tessera.contributions.signals import contribution_hidden, visibility_changed
from tessera.processes.models import Step


def contribution_create(
    *, kind: str, step: Step, author: User | None, created_at: datetime | None = None
) -> Contribution:
    """The shared row of a new contribution; the tool saves its own object pointing to it."""
    kinds.get(kind)  # an unknown kind is a programming error, raised here
    return Contribution.objects.create(
        organization_id=step.organization_id,
        step=step,
        kind=kind,
        author=author,
        created_at=created_at or timezone.now(),
    )


def contribution_edited(*, contribution: Contribution, at: datetime | None = None) -> None:
    at = at or timezone.now()
    Contribution.objects.filter(pk=contribution.pk).update(edited_at=at)
    contribution.edited_at = at


def contribution_withdraw(*, contribution: Contribution, withdrawn: bool = True) -> None:
    """The author takes it back (or, `withdrawn=False`, staff put it back); hiding wins."""
    with transaction.atomic():
        locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
        locked.withdrawn_at = (locked.withdrawn_at or timezone.now()) if withdrawn else None
        if locked.state != ContributionState.HIDDEN:
            locked.state = _shown_state(locked)
        locked.save(update_fields=["withdrawn_at", "state"])
    contribution.withdrawn_at, contribution.state = locked.withdrawn_at, locked.state


# What hiding and showing again write: the same columns both ways.
MODERATION_FIELDS = ["state", "hidden_reason", "hidden_automatically", "hidden_at", "hidden_by"]


def contribution_hide(
    *,
    contribution: Contribution,
    moderator: User | None,
    reason: str,
    automatically: bool = False,
) -> bool:
    """Hide it from the public with a public reason; False if it was hidden already.

    `moderator` is None when the moderation hides it after enough reports.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the public reason for hiding it."), code="reason")
    with transaction.atomic():
        locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
        was_hidden = locked.state == ContributionState.HIDDEN
        locked.state = ContributionState.HIDDEN
        locked.hidden_reason = reason
        locked.hidden_automatically = automatically
        if not was_hidden:  # a new reason for hidden content: the same hiding, corrected
            locked.hidden_at = timezone.now()
        locked.hidden_by = moderator
        locked.save(update_fields=MODERATION_FIELDS)
        _copy_moderation(locked, contribution)
        if not was_hidden:
            _announce(visibility_changed, contribution)
            _announce(contribution_hidden, contribution)
    return not was_hidden


def contribution_unhide(*, contribution: Contribution, moderator: User | None) -> None:
    """Show it again: back to published, or to withdrawn if its author had taken it back."""
    with transaction.atomic():
        locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
        if locked.state != ContributionState.HIDDEN:
            return
        locked.state = _shown_state(locked)
        locked.hidden_reason = ""
        locked.hidden_automatically = False
        locked.hidden_at = None
        locked.hidden_by = None
        locked.save(update_fields=MODERATION_FIELDS)
        _copy_moderation(locked, contribution)
        _announce(visibility_changed, contribution)


def answer_set(
    *,
    contribution: Contribution,
    state: str,
    text: str,
    answered_by: User | None,
    service: Service | None = None,
) -> Answer:
    """Give (or replace) the organisation's official answer to a contribution.

    `service` is the answering service; by default the first service of the person answering.
    """
    if not kinds.get(contribution.kind).offers(kinds.Feature.ANSWER):
        raise ValidationError(_("This contribution takes no official answer."), code="kind")
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the answer."), code="text")
    if service is None and answered_by is not None:
        service = answered_by.services.order_by("name").first()
    answer, _created = Answer.objects.update_or_create(
        contribution=contribution,
        defaults={
            "organization_id": contribution.organization_id,
            "state": state,
            "text": text,
            "service": service,
            "answered_by": answered_by,
            "answered_at": timezone.now(),
        },
    )
    contribution.answer = answer
    return answer


def comments_count_add(*, contribution_id: int, delta: int) -> None:
    """For the comments: keep the contribution's comment count (delta may be negative)."""
    Contribution.objects.filter(pk=contribution_id).update(
        comments_count=F("comments_count") + delta
    )


@dataclass(frozen=True)
class ReactionResult:
    """What a click did: the person's reaction now (None: none) and the fresh counters."""

    value: str | None
    changed: bool
    positive_count: int
    mixed_count: int
    negative_count: int


def reaction_set(*, contribution: Contribution, user: User, value: str | None) -> ReactionResult:
    """Set (or, with None, take back) one person's reaction, counters in the same transaction.

    Two clicks sent at once meet the unique (contribution, user) constraint: the second one
    finds the first one's row and changes nothing, so the counters count one reaction.
    """
    scheme = kinds.get(contribution.kind).reaction_scheme
    if value is not None and (scheme is None or not reactions.accepts(scheme, value)):
        raise ValidationError(_("This reaction is not offered here."), code="value")
    with transaction.atomic():
        before = _reaction_lock_or_create(contribution, user, value)
        moves = reactions.counter_moves(before.old, value)
        if moves and not before.created:
            if value is None:
                Reaction.objects.filter(pk=before.pk).delete()
            else:
                Reaction.objects.filter(pk=before.pk).update(value=value)
        if moves:
            Contribution.objects.filter(pk=contribution.pk).update(
                **{name: F(name) + delta for name, delta in moves.items()}
            )
        counts = Contribution.objects.values("positive_count", "mixed_count", "negative_count").get(
            pk=contribution.pk
        )
    for name, count in counts.items():
        setattr(contribution, name, count)
    return ReactionResult(value=value, changed=bool(moves), **counts)


@dataclass(frozen=True)
class _Before:
    old: str | None
    pk: int | None
    created: bool


def _reaction_lock_or_create(contribution: Contribution, user: User, value: str | None) -> _Before:
    """The person's reaction before this click (locked), creating it when there was none."""
    existing = (
        Reaction.objects.select_for_update()
        .filter(contribution=contribution, user=user)
        .values_list("pk", "value")
        .first()
    )
    if existing is not None:
        return _Before(old=existing[1], pk=existing[0], created=False)
    if value is None:
        return _Before(old=None, pk=None, created=False)
    try:
        with transaction.atomic():
            reaction = Reaction.objects.create(
                organization_id=contribution.organization_id,
                contribution=contribution,
                user=user,
                value=value,
            )
    except IntegrityError:
        # The same person's other click inserted it first (and committed): theirs stands.
        pk, old = (
            Reaction.objects.select_for_update()
            .filter(contribution=contribution, user=user)
            .values_list("pk", "value")
            .get()
        )
        return _Before(old=old, pk=pk, created=False)
    return _Before(old=None, pk=reaction.pk, created=True)


def _shown_state(contribution: Contribution) -> str:
    if contribution.withdrawn_at is not None:
        return ContributionState.WITHDRAWN
    return ContributionState.PUBLISHED


def _copy_moderation(source: Contribution, target: Contribution) -> None:
    for name in ("state", "hidden_reason", "hidden_automatically", "hidden_at", "hidden_by_id"):
        setattr(target, name, getattr(source, name))


def _announce(signal: Signal, contribution: Contribution) -> None:
    transaction.on_commit(lambda: signal.send(sender=Contribution, contribution=contribution))


def ban_create(*, user: User, moderator: User, reason: str, ends_at: datetime | None = None) -> Ban:
    """Keep a participant from contributing until `ends_at` (None: until lifted)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason: the participant will read it."), code="reason")
    if ends_at is not None and ends_at <= timezone.now():
        raise ValidationError(_("The end of the ban must be in the future."), code="ends_at")
    if user.organization_id != moderator.organization_id or user.role != Role.RESIDENT:
        raise ValidationError(_("Only a participant of this site can be banned."), code="user")
    return Ban.objects.create(
        organization_id=user.organization_id,
        user=user,
        reason=reason,
        ends_at=ends_at,
        created_by=moderator,
    )


def ban_lift(*, ban: Ban) -> None:
    Ban.objects.filter(pk=ban.pk, lifted_at__isnull=True).update(lifted_at=timezone.now())
