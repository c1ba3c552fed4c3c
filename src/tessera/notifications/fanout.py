"""From one event to its notifications and immediate e-mails, in SQL.

A reminder to 50,000 followers must neither load them in memory nor run one query each: the
recipients are selected and inserted by one INSERT … SELECT per table, and ON CONFLICT DO
NOTHING on the unique constraints makes a second run (a retried task) insert nothing. Only
the ids of the e-mails to send are then read, in bounded chunks, to enqueue the send tasks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db import connection, models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from tessera.accounts.models import EmailFrequency, User
from tessera.notifications import families, selectors
from tessera.notifications.models import (
    Delivery,
    DeliveryStatus,
    Event,
    Follow,
    Notification,
    Preference,
)
from tessera.notifications.recipients import (
    CONTRIBUTION,
    PROCESS,
    PROPOSAL,
    REALISATION,
    Audience,
    Target,
)
from tessera.voting.models import BallotDraft, Participation

SEND_BATCH = 200


def immediate_key(event: Event) -> str:
    return f"event-{event.pk}"


# How each kind of target is found on a follow. Events name a proposal by its id (their
# stored audiences speak the proposals' words); its follows point at its contribution.
FOLLOW_LOOKUPS = {
    PROCESS: "process_id",
    PROPOSAL: "contribution__proposal__pk",
    CONTRIBUTION: "contribution_id",
    REALISATION: "realisation_id",
}


def _follows(target: Target, following: bool) -> QuerySet[Follow]:
    name, pk = target
    return Follow.objects.filter(**{FOLLOW_LOOKUPS[name]: pk}, following=following)


def recipients(audience: Audience, organization_id: int) -> QuerySet[User]:
    """The active accounts the audience names, as one query (never evaluated here)."""
    condition = Q()
    for target in audience.followers_of:
        condition |= Q(pk__in=_follows(target, True).values("user_id"))
    if audience.people:
        condition |= Q(pk__in=audience.people)
    if audience.opted_in_to:
        chose = Preference.objects.filter(family=audience.opted_in_to).exclude(
            frequency=EmailFrequency.NEVER
        )
        condition |= Q(pk__in=chose.values("user_id"))
    if audience.drafts_of_step is not None:
        condition |= Q(
            pk__in=BallotDraft.objects.filter(step_id=audience.drafts_of_step).values("voter_id")
        )
    users = User.objects.filter(
        condition, organization_id=organization_id, is_active=True, deleted_at__isnull=True
    ).exclude(pk__in=audience.excluded)
    if audience.unless_unfollowed:
        users = users.exclude(pk__in=_follows(audience.unless_unfollowed, False).values("user_id"))
    if audience.not_voted_in_step is not None:
        users = users.exclude(
            pk__in=Participation.objects.filter(
                step_id=audience.not_voted_in_step, voter__isnull=False
            ).values("voter_id")
        )
    return users


def _insert_select(model: type[models.Model], columns: list[str], rows: QuerySet) -> int:
    """INSERT INTO model (columns) <rows' SELECT> ON CONFLICT DO NOTHING; rows inserted.

    `rows` is a values() queryset whose expressions are in the order of `columns`. Both
    PostgreSQL and SQLite (the demo) accept this form without a conflict target.
    """
    select, params = rows.order_by().query.sql_with_params()
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
        f"({', '.join(connection.ops.quote_name(column) for column in columns)}) "
        f"{select} ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def notifications_insert(event: Event, now: datetime) -> int:
    """One notification per recipient, with their e-mail choice for the event's family."""
    audience = Audience.from_json(event.audience)
    if audience.is_empty:
        return 0
    preference = Preference.objects.filter(user=OuterRef("pk"), family=event.family)
    rows = recipients(audience, event.organization_id).values(
        n_organization=Value(event.organization_id, output_field=models.BigIntegerField()),
        n_event=Value(event.pk, output_field=models.BigIntegerField()),
        n_user=F("pk"),
        n_email=Coalesce(Subquery(preference.values("frequency")[:1]), F("email_frequency")),
        n_created=Value(now, output_field=models.DateTimeField()),
    )
    return _insert_select(
        Notification, ["organization_id", "event_id", "user_id", "email", "created_at"], rows
    )


def immediate_deliveries_insert(event: Event, now: datetime) -> int:
    """One e-mail per recipient who wants this family at once and has a verified address."""
    key = immediate_key(event)
    wanting = Notification.objects.filter(
        event=event,
        email=EmailFrequency.IMMEDIATELY,
        user__email_verified=True,
        delivery__isnull=True,
    ).exclude(user__email="")
    return deliveries_attach(wanting, key=key, frequency=EmailFrequency.IMMEDIATELY.value, now=now)


def deliveries_attach(
    waiting: QuerySet[Notification], *, key: str, frequency: str, now: datetime
) -> int:
    """One pending e-mail under `key` per person with notifications in `waiting`, which are
    attached to it (the immediate e-mail of an event, or a period's digest); rows inserted.

    A delivery of that key already sent takes nothing more: what waits goes in the next one.
    """
    # One row per person: every other column is a constant or the person's organisation.
    rows = (
        waiting.values(
            d_organization=F("organization_id"),
            d_user=F("user_id"),
            d_key=Value(key, output_field=models.CharField()),
            d_frequency=Value(frequency, output_field=models.CharField()),
            d_status=Value(DeliveryStatus.PENDING.value, output_field=models.CharField()),
            d_attempts=Value(0, output_field=models.IntegerField()),
            d_error=Value("", output_field=models.CharField()),
            d_created=Value(now, output_field=models.DateTimeField()),
        )
        .order_by()
        .distinct()
    )
    columns = ["organization_id", "user_id", "key", "frequency", "status", "attempts"]
    inserted = _insert_select(Delivery, [*columns, "last_error", "created_at"], rows)
    waiting.update(
        delivery=Subquery(
            Delivery.objects.filter(
                user=OuterRef("user"), key=key, status=DeliveryStatus.PENDING
            ).values("pk")[:1]
        )
    )
    return inserted


def event_fan_out(event: Event) -> int:
    """Notifications and immediate e-mails of an event; safe to run again (inserts nothing)."""
    now = timezone.now()
    created = notifications_insert(event, now)
    immediate_deliveries_insert(event, now)
    if not Delivery.objects.filter(key=immediate_key(event)).exists():
        ephemeral_forget([event.pk])
    Event.objects.filter(pk=event.pk, fanned_out_at__isnull=True).update(fanned_out_at=now)
    if created:
        selectors.unread_counts_forget(event.organization_id)
    return created


def ephemeral_forget(event_ids: list[int]) -> None:
    """Erase the payload keys an event kind keeps only until its e-mail is sent."""
    for event in Event.objects.filter(pk__in=event_ids):
        secret = families.get(event.kind).ephemeral
        if secret and any(name in event.payload for name in secret):
            event.payload = {k: v for k, v in event.payload.items() if k not in secret}
            event.save(update_fields=["payload"])


def pending_batches(deliveries: QuerySet[Delivery]) -> Iterator[list[int]]:
    """The ids of the deliveries still to send, SEND_BATCH at a time, read in chunks."""
    ids = (
        deliveries.filter(status=DeliveryStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=SEND_BATCH * 5)
    )
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == SEND_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
