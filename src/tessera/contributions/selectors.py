"""Reads of contributions shared by the tools' pages, the moderation queue and the API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from tessera.contributions import kinds
from tessera.contributions.models import (
    DEFAULT_REPORTS_THRESHOLD,
    Ban,
    Contribution,
    ModerationSettings,
    Reaction,
    Report,
    ReportReason,
)


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


def reports_threshold_for(organization_id: int) -> int:
    """N: how many different people must report content before it is hidden."""
    threshold = (
        ModerationSettings.objects.filter(organization_id=organization_id)
        .values_list("reports_threshold", flat=True)
        .first()
    )
    return threshold or DEFAULT_REPORTS_THRESHOLD


def open_reports_count(contribution: Contribution) -> int:
    """Different people with an unreviewed report (one report per person: a constraint)."""
    return Report.objects.filter(contribution=contribution, resolved_at__isnull=True).count()


def open_reported_count() -> int:
    """How many contributions have an open report (the back office's "to review" figure)."""
    return (
        Report.objects.filter(resolved_at__isnull=True).values("contribution_id").distinct().count()
    )


QUEUE_PAGE_SIZE = 25
LATEST_MESSAGES = 3  # the messages of an item the queue shows (the reasons are all counted)


@dataclass(frozen=True)
class QueueFilters:
    """What the moderator narrows the queue to: a kind, a process, a state (None: all)."""

    kind: str | None = None
    process_id: int | None = None
    state: str | None = None


@dataclass(frozen=True)
class ReasonCount:
    """How many open reports give this reason."""

    reason: str
    label: str
    count: int


@dataclass
class QueueItem:
    """One reported contribution as the queue shows it."""

    contribution: Contribution
    kind: kinds.ContributionKind
    title: str
    excerpt: str
    url: str
    open_reports: int
    reasons: list[ReasonCount] = field(default_factory=list)
    messages: list[Report] = field(default_factory=list)


def moderation_queue(filters: QueueFilters = QueueFilters(), page: str | None = None) -> Page:
    """Exactly the contributions with an open report, most reported first, of every kind,
    by pages of QUEUE_PAGE_SIZE.

    Five queries whatever the number of reports. The open reports, grouped by contribution
    (the partial index on open reports), give the number of reported contributions, then
    the page's ids and counts: only reported content is listed, never content without an open
    report. Then those contributions with their owners and what their titles and addresses
    need (the kinds' `related`, joined), their open reports counted by reason in SQL, and
    only their latest messages (a window function): a contribution reported by a thousand
    people costs a handful of lines, not a thousand.
    """
    open_reports = Report.objects.filter(resolved_at__isnull=True)
    ranked = open_reports.order_by().values("contribution_id")
    if filters.kind is not None:
        ranked = ranked.filter(contribution__kind=filters.kind)
    if filters.process_id is not None:
        ranked = ranked.filter(contribution__step__process_id=filters.process_id)
    if filters.state is not None:
        ranked = ranked.filter(contribution__state=filters.state)
    ranked = ranked.annotate(total=Count("pk")).order_by("-total", "-contribution_id")
    queue_page = Paginator(
        ranked.values_list("contribution_id", "total"), QUEUE_PAGE_SIZE
    ).get_page(page)
    counts = dict(queue_page.object_list)
    queue_page.object_list = _queue_items(counts, open_reports) if counts else []
    return queue_page


def _queue_items(counts: dict[int, int], open_reports: QuerySet[Report]) -> list[QueueItem]:
    ids = list(counts)
    related = [path for kind in kinds.all_kinds() for path in kind.related]
    contributions = Contribution.objects.filter(pk__in=ids).select_related(
        "author", "step__process", *related
    )
    reasons: dict[int, list[ReasonCount]] = {pk: [] for pk in ids}
    labels = dict(ReportReason.choices)
    for pk, reason, count in (
        open_reports.filter(contribution_id__in=ids)
        .order_by()
        .values_list("contribution_id", "reason")
        .annotate(count=Count("pk"))
        .order_by("contribution_id", "-count", "reason")
    ):
        reasons[pk].append(ReasonCount(reason, str(labels.get(reason, reason)), count))
    messages: dict[int, list[Report]] = {pk: [] for pk in ids}
    latest = (
        open_reports.filter(contribution_id__in=ids)
        .exclude(message="")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("contribution_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=LATEST_MESSAGES)
        .order_by("contribution_id", "rank")
    )
    for report in latest:
        messages[report.contribution_id].append(report)
    items = []
    for contribution in sorted(contributions, key=lambda c: (-counts[c.pk], -c.pk)):
        kind, owner = kinds.get(contribution.kind), contribution.owner
        items.append(
            QueueItem(
                contribution=contribution,
                kind=kind,
                title=kind.title(owner),
                excerpt=kind.excerpt(owner),
                url=owner.get_absolute_url(),
                open_reports=counts[contribution.pk],
                reasons=reasons[contribution.pk],
                messages=messages[contribution.pk],
            )
        )
    return items
