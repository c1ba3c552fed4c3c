"""Reads of processes shared by the public pages (and, later, the API)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from tessera.accounts.models import Role
from tessera.processes.models import Process, Visibility
from tessera.processes.timeline import ProcessStatus


def processes_visible_to(user: Any) -> QuerySet[Process]:
    """Processes this user may open: mirrors processes.rules.can_view_process for querysets."""
    queryset = Process.objects.all()
    if user.is_authenticated and user.has_role(Role.MANAGER):
        return queryset
    visible = Q(is_published=True) & ~Q(visibility=Visibility.RESTRICTED)
    if not user.is_authenticated:
        return queryset.filter(visible)
    memberships: Any = Process.allowed_users.through  # an auto-created model mypy cannot name
    allowed = memberships.objects.filter(user=user).values("process_id")
    # A subquery rather than a join: no duplicate rows, so no DISTINCT over the whole list.
    visible |= Q(is_published=True, visibility=Visibility.RESTRICTED, pk__in=allowed)
    return queryset.filter(visible)


def processes_listed_for(user: Any) -> QuerySet[Process]:
    """Processes shown on lists: unlisted ones are reachable by their link only."""
    return processes_visible_to(user).exclude(visibility=Visibility.UNLISTED)


def with_status(queryset: QuerySet[Process], status: str, now: datetime) -> QuerySet[Process]:
    if status == ProcessStatus.OPEN:
        return queryset.filter(starts_at__lte=now, ends_at__gt=now)
    if status == ProcessStatus.UPCOMING:
        return queryset.filter(Q(starts_at__gt=now) | Q(starts_at__isnull=True))
    if status == ProcessStatus.CLOSED:
        return queryset.filter(ends_at__lte=now)
    return queryset


def for_cards(queryset: QuerySet[Process]) -> QuerySet[Process]:
    """What a process card shows (its themes), in one more query whatever the number of cards."""
    return queryset.prefetch_related("themes")
