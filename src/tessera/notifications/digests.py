"""Daily and weekly digests: which period is due, and gathering what waits for it.

A digest is a Delivery keyed by its period (`daily-2026-11-22`, `weekly-2026-W48`), unique per
user: the clock may run every few minutes, a period's digest is created once. Notifications
are attached only to a digest still pending, so one that arrives after today's digest left
waits for tomorrow's instead of being attached to an e-mail already sent.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from tessera.accounts.models import EmailFrequency
from tessera.notifications.fanout import deliveries_attach
from tessera.notifications.models import Delivery, Notification

# Local time (settings.TIME_ZONE) after which the day's digest goes, and the weekly one's day.
DIGEST_HOUR = 8
WEEKLY_WEEKDAY = 0  # Monday


def due_periods(now: datetime) -> dict[str, str]:
    """The digest key due at `now` for each frequency (pure: local date and ISO week)."""
    local = timezone.localtime(now)
    due: dict[str, str] = {}
    if local.hour >= DIGEST_HOUR:
        due[EmailFrequency.DAILY] = f"daily-{local.date().isoformat()}"
    if (local.weekday(), local.hour) >= (WEEKLY_WEEKDAY, DIGEST_HOUR):
        year, week, _day = local.isocalendar()
        due[EmailFrequency.WEEKLY] = f"weekly-{year}-W{week:02d}"
    return due


def digests_prepare(*, frequency: str, key: str, now: datetime) -> QuerySet[Delivery]:
    """Create this period's digests of everyone with something waiting, attach what waits;
    the digests of the period (to send)."""
    waiting = Notification.objects.filter(
        email=frequency, delivery__isnull=True, user__is_active=True, user__email_verified=True
    ).exclude(user__email="")
    deliveries_attach(waiting, key=key, frequency=frequency, now=now)
    return Delivery.objects.filter(key=key)
