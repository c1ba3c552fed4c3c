"""What the dashboard shows: the processes in progress with their figures, and what needs
attention for this user's role. Each read is one query whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tessera.accounts.rules import is_analyst
from tessera.analysis.models import Assignment
from tessera.analysis.rules import service_ids_of
from tessera.analysis.selectors import overdue_assignments
from tessera.contributions.selectors import open_reported_count
from tessera.notifications.models import Delivery, DeliveryStatus
from tessera.processes import timeline
from tessera.processes.models import Process, Step
from tessera.stats.stored import Stored, stored_figures_many

IN_PROGRESS_LIMIT = 12
CLOSING_SOON = timedelta(days=3)


@dataclass(frozen=True)
class ProcessInProgress:
    process: Process
    current_step: Step | None
    proposals: int
    voters: int
    stored: Stored | None  # the figures' source and age; None before the first refresh


@dataclass(frozen=True)
class Attention:
    key: str
    message: str
    url: str
    count: int = 1


def processes_in_progress(organization_id: int, now: datetime) -> list[ProcessInProgress]:
    """Open processes (not archived), the soonest to close first, with their figures as the
    periodic refresh stored them: counting 500,000 ballots takes PostgreSQL seconds
    (stats.stored, bench/stats_dashboard.py)."""
    processes = list(
        Process.objects.filter(starts_at__lte=now, ends_at__gt=now, archived_at__isnull=True)
        .prefetch_related("steps")
        .order_by("ends_at")[:IN_PROGRESS_LIMIT]
    )
    stored = stored_figures_many(organization_id, [process.pk for process in processes])
    return [_in_progress(process, stored.get(process.pk), now) for process in processes]


def oldest_figures(items: list[ProcessInProgress]) -> Stored | None:
    """The oldest of the figures shown: the age the dashboard tells."""
    stored = [item.stored for item in items if item.stored is not None]
    return min(stored, key=lambda one: one.computed_at, default=None)


def _in_progress(process: Process, stored: Stored | None, now: datetime) -> ProcessInProgress:
    return ProcessInProgress(
        process=process,
        current_step=timeline.active_step(process.steps.all(), now),
        proposals=stored.figures.listed_proposals if stored else 0,
        voters=stored.figures.ballots if stored else 0,
        stored=stored,
    )


def _url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def attention_for(user: Any, now: datetime) -> list[Attention]:
    """What this user should look at, each item only if their role may act on it."""
    items: list[Attention] = []
    if user.has_perm("analysis.assign") or is_analyst(user):
        items += _analysis_items(user, now)
    if user.has_perm("contributions.moderate"):
        items += _moderation_items()
    if user.has_perm("processes.change_process"):
        items += _votes_closing(now)
    if user.has_perm("notifications.view_delivery"):
        items += _failed_emails()
    return [item for item in items if item.url]


def _analysis_items(user: Any, now: datetime) -> list[Attention]:
    assignments = Assignment.objects.all()
    if not user.has_perm("analysis.assign"):  # analysts see their own services' work
        assignments = assignments.filter(service_id__in=service_ids_of(user))
    open_work = Q(analysis__isnull=True) | Q(analysis__submitted_at__isnull=True)
    figures = assignments.aggregate(
        waiting=Count("pk", filter=open_work),
        overdue=Count("pk", filter=Q(pk__in=overdue_assignments(localdate(now)).values("pk"))),
    )
    url = _url("analysis:index")
    items = []
    if figures["waiting"]:
        message = ngettext(
            "%(count)d analysis to write", "%(count)d analyses to write", figures["waiting"]
        ) % {"count": figures["waiting"]}
        items.append(Attention("to-analyse", message, url, figures["waiting"]))
    if figures["overdue"]:
        message = ngettext(
            "%(count)d analysis overdue", "%(count)d analyses overdue", figures["overdue"]
        ) % {"count": figures["overdue"]}
        items.append(Attention("overdue", message, url, figures["overdue"]))
    return items


def _moderation_items() -> list[Attention]:
    reported = open_reported_count()
    if not reported:
        return []
    message = ngettext(
        "%(count)d reported contribution to review",
        "%(count)d reported contributions to review",
        reported,
    ) % {"count": reported}
    return [Attention("reports", message, _url("contributions:moderation"), reported)]


def _votes_closing(now: datetime) -> list[Attention]:
    steps = (
        Step.objects.filter(kind="vote", starts_at__lte=now, ends_at__gt=now)
        .filter(ends_at__lte=now + CLOSING_SOON)
        .select_related("process")
        .order_by("ends_at")
    )
    items = []
    for step in steps:
        message = _("The vote “%(step)s” of “%(process)s” closes on %(date)s") % {
            "step": step.title,
            "process": step.process.title,
            "date": date_format(localtime(step.ends_at), "SHORT_DATETIME_FORMAT"),
        }
        url = _url("voting:manage", slug=step.process.slug, step_id=step.pk)
        items.append(Attention("vote-closing", message, url))
    return items


def _failed_emails() -> list[Attention]:
    failed = Delivery.objects.filter(status=DeliveryStatus.FAILED).count()
    if not failed:
        return []
    message = ngettext(
        "%(count)d e-mail failed after its retries",
        "%(count)d e-mails failed after their retries",
        failed,
    ) % {"count": failed}
    return [Attention("failed-emails", message, _url("notifications:failures"), failed)]
