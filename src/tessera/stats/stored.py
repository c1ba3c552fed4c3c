"""The figures as last stored by the periodic refresh, and the refresh itself.

Counting 500,000 ballots takes PostgreSQL seconds, so no request counts: `manage.py
stats_refresh --every 300` (run beside the task worker, see README) computes the figures of
each organisation and of its live processes and stores them (StoredFigures, then the cache
with no expiry). A page reads the cache, or on a cold cache the stored row (one query), and
shows the figures' age. Before the first refresh ever ran, a page shows none and asks the task
worker for one refresh.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.timesince import timesince
from django_scopes import scope, scopes_disabled

from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tessera.stats.models import StoredFigures
from tessera.stats.selectors import (
    Figures,
    eligible_people_by_pk,
    figures_compute,
    participants,
)

logger = logging.getLogger(__name__)

REFRESH_SECONDS = 300
# Processes that closed within this delay are refreshed on every tick; older ones once a day.
LIVE_AFTER_CLOSE = timedelta(days=30)
DAILY = timedelta(days=1)
# When a page shows figures older than this, the refresh is probably not running.
STALE = timedelta(hours=1)
ASKED_SECONDS = 600


@dataclass(frozen=True)
class Stored:
    figures: Figures
    computed_at: datetime

    @property
    def is_stale(self) -> bool:
        return timezone.now() - self.computed_at > STALE

    @property
    def age(self) -> str:
        """ "2 minutes", "1 hour" in the reader's language; empty under a minute."""
        if timezone.now() - self.computed_at < timedelta(minutes=1):
            return ""
        return timesince(self.computed_at, depth=1)


def _key(organization_id: int, process_id: int | None) -> str:
    # The cache keeps plain data (JSON-like, never a pickled Figures) under no expiry: a
    # release that changes Figures reads it again through from_data, or from its row.
    return f"stats:stored:{organization_id}:{process_id or 0}"


def _cached(value: Any) -> Stored | None:
    try:
        data, computed_at = value
        return Stored(Figures.from_data(data), computed_at)
    except (KeyError, TypeError, ValueError):
        return None  # written by an older release: read from the row instead


def stored_figures(organization_id: int, process: Process | None = None) -> Stored | None:
    """The last figures of the site (process None) or of one process; None before the first
    refresh (which this then asks of the task worker)."""
    process_id = process.pk if process else None
    found = stored_figures_many(organization_id, [process_id])
    return found.get(process_id)


def stored_figures_many(
    organization_id: int, process_ids: Iterable[int | None]
) -> dict[int | None, Stored]:
    """The stored figures of several processes (None: the site) in one cache read and, for
    those the cache lost, one query."""
    keys = {_key(organization_id, pk): pk for pk in process_ids}
    found = {
        keys[key]: stored
        for key, value in cache.get_many(list(keys)).items()
        if (stored := _cached(value)) is not None
    }
    missing = [pk for pk in keys.values() if pk not in found]
    if missing:
        wanted = Q(process_id__in=[pk for pk in missing if pk is not None])
        if None in missing:
            wanted |= Q(process__isnull=True)
        rows = StoredFigures.objects.filter(wanted, organization_id=organization_id)
        loaded = {
            row.process_id: Stored(Figures.from_data(row.data), row.computed_at) for row in rows
        }
        cache.set_many(
            {
                _key(organization_id, pk): (stored.figures.to_data(), stored.computed_at)
                for pk, stored in loaded.items()
            },
            None,
        )
        found.update(loaded)
        if any(pk not in loaded for pk in missing):
            _ask_for_refresh(organization_id)
    return found


def _ask_for_refresh(organization_id: int) -> None:
    """Enqueue one refresh of this organisation (at most one every ASKED_SECONDS)."""
    if cache.add(f"stats:refresh-asked:{organization_id}", True, ASKED_SECONDS):
        from tessera.stats.tasks import figures_refresh_task

        figures_refresh_task.enqueue(organization_id=organization_id)


def figures_refresh(*, organization: Organization, now: datetime | None = None) -> int:
    """Compute and store the site's figures and those of its processes that may still move
    (open, or closed within LIVE_AFTER_CLOSE, or not refreshed for a day); how many stored."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with scope(organization=organization):
        stored_at = dict(
            StoredFigures.objects.filter(process__isnull=False).values_list(
                "process_id", "computed_at"
            )
        )
        processes = [
            process
            for process in Process.objects.filter(archived_at__isnull=True)
            if process.ends_at is None
            or process.ends_at > now - LIVE_AFTER_CLOSE
            or stored_at.get(process.pk, now - 2 * DAILY) < now - DAILY
        ]
        people = eligible_people_by_pk()
        _store(organization, None, figures_compute(None, today, people), now)
        for process in processes:
            _store(organization, process, figures_compute(process, today, people), now)
    return 1 + len(processes)


def _store(
    organization: Organization, process: Process | None, figures: Figures, now: datetime
) -> None:
    data = figures.to_data()
    StoredFigures.objects.update_or_create(
        organization=organization,
        process=process,
        defaults={"computed_at": now, "data": data},
    )
    cache.set(_key(organization.pk, process.pk if process else None), (data, now), None)


def figures_refresh_all(*, now: datetime | None = None) -> int:
    """Refresh every organisation; one failing organisation does not stop the others."""
    with scopes_disabled():
        organizations = list(Organization.objects.all())
    stored = 0
    for organization in organizations:
        try:
            stored += figures_refresh(organization=organization, now=now)
        except Exception:
            logger.exception("figures refresh failed for organisation %s", organization.pk)
    return stored


def participants_count(organization: Organization) -> int:
    """The home page's participants: the stored figure; before the first refresh, one COUNT."""
    stored = stored_figures(organization.pk)
    if stored is not None:
        return stored.figures.participants
    return participants().filter(organization=organization).count()
