"""Sending one delivery, at most once, and retrying a failure with back-off.

A delivery is claimed (pending → sending) by a conditional UPDATE before anything is sent: two
workers, or a task run twice, cannot both claim it, and a sent delivery is never claimed again.
A failure puts it back to pending with the time of its next attempt, until MAX_ATTEMPTS, then
it stays failed with its error for staff to see (admin, /manage/notifications/failures/).
A claim still standing after SENDING_TIMEOUT means the worker died mid-send: the mail may or may
not have left, so it is not sent again by itself (nothing twice) but failed for staff to judge.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.mail import mailers
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tessera.notifications.emails import delivery_message
from tessera.notifications.fanout import ephemeral_forget
from tessera.notifications.models import Delivery, DeliveryStatus, Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_DELAY = timedelta(minutes=1)
SENDING_TIMEOUT = timedelta(minutes=15)


def retry_delay(attempts: int) -> timedelta:
    """1, 5, 25, 125 minutes…: a mail server down for a while is not hammered."""
    return FIRST_DELAY * 5 ** max(attempts - 1, 0)


def delivery_send(*, delivery_id: int, now: datetime | None = None) -> datetime | None:
    """Send this delivery if it is still to send; the time to try again after a failure."""
    now = now or timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimed = Delivery.objects.filter(due, pk=delivery_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now
    )
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("user__organization").get(pk=delivery_id)
    notifications = list(
        Notification.objects.filter(delivery=delivery).select_related("event").order_by("pk")
    )
    user = delivery.user
    if not notifications or not user.is_active or not user.email:
        Delivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.SKIPPED)
        ephemeral_forget([n.event_id for n in notifications])
        return None
    try:
        message = delivery_message(delivery, notifications)
        mailers.default.send_messages([message])
    except Exception as error:
        return _failed(delivery, notifications, error, now)
    Delivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None
    )
    ephemeral_forget([n.event_id for n in notifications])
    return None


def _failed(
    delivery: Delivery, notifications: list[Notification], error: Exception, now: datetime
) -> datetime | None:
    description = f"{type(error).__name__}: {error}"[:2000]
    logger.warning("delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, error)
    if delivery.attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, last_error=description, next_attempt_at=None
        )
        ephemeral_forget([n.event_id for n in notifications])
        return None
    retry_at = now + retry_delay(delivery.attempts)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, last_error=description, next_attempt_at=retry_at
    )
    return retry_at


def interrupted_fail(*, now: datetime | None = None) -> int:
    """Fail the deliveries whose worker stopped while sending them; how many."""
    now = now or timezone.now()
    return Delivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - SENDING_TIMEOUT
    ).update(
        status=DeliveryStatus.FAILED,
        next_attempt_at=None,
        last_error=_("The sending was interrupted (the worker stopped): it may not have gone out."),
    )


def delivery_retry_now(*, delivery: Delivery) -> None:
    """Staff send a failed delivery again (after fixing the mail settings)."""
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None
    )
