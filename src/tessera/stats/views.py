"""The participation dashboard (/manage/stats/): the site's figures and each process's,
each table with its chart and its CSV file."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tessera.accounts.requests import require
from tessera.core.exports import csv_response
from tessera.processes.models import Process
from tessera.proposals.statuses import ProposalStatus
from tessera.stats.charts import bar_chart
from tessera.stats.selectors import Figures
from tessera.stats.stored import Stored, stored_figures

Table = tuple[str, list[str], list[tuple[Any, ...]]]


def _tables(figures: Figures) -> dict[str, Table]:
    """Each table of the page by its key: title, column headings, rows (also the CSV files)."""
    tables: dict[str, Table] = {
        "new-participants": (
            _("New participants per day"),
            [_("Day"), _("New participants")],
            [(day.isoformat(), count) for day, count in figures.new_participants],
        ),
        "contributions": (
            _("Contributions per day"),
            [_("Day"), _("Contributions")],
            [(day.isoformat(), count) for day, count in figures.contributions],
        ),
        "districts": (
            _("Participants by district"),
            [_("District"), _("Participants")],
            [(name or _("Not declared"), count) for name, count in figures.by_district],
        ),
        "ages": (
            _("Participants by age"),
            [_("Age"), _("Participants")],
            [(band or _("Not declared"), count) for band, count in figures.by_age],
        ),
        "proposals": (
            _("Proposals by status"),
            [_("Status"), _("Proposals")],
            [(ProposalStatus(value).label, count) for value, count in figures.proposals_by_status],
        ),
    }
    for vote in figures.votes:
        tables[f"vote-{vote.step_id}"] = (
            _("Ballots per hour: %(step)s") % {"step": vote.title},
            [_("Hour"), _("Ballots")],
            [
                (date_format(timezone.localtime(hour), "SHORT_DATETIME_FORMAT"), count)
                for hour, count in vote.per_hour
            ],
        )
    return tables


def _page(request: HttpRequest, stored: Stored | None, process: Process | None) -> HttpResponse:
    context: dict[str, Any] = {
        "stored": stored,
        "process": process,
        "processes": Process.objects.filter(archived_at__isnull=True).order_by("-starts_at")
        if process is None
        else None,
        "section": "stats",
    }
    if stored is not None:
        figures = stored.figures
        tables = _tables(figures)
        charts = {
            key: bar_chart([(str(label), int(count)) for label, count in rows])
            for key, (_title, _headings, rows) in tables.items()
            if key in ("new-participants", "contributions") or key.startswith("vote-")
        }
        context |= {
            "figures": figures,
            "tables": [(key, *table, charts.get(key)) for key, table in tables.items()],
            "turnout": round(100 * figures.participants / figures.eligible, 1)
            if figures.eligible
            else 0,
        }
    return render(request, "stats/overview.html", context)


def _table_csv(
    stored: Stored | None, key: str, prefix: str
) -> HttpResponse | StreamingHttpResponse:
    if stored is None:
        raise Http404
    tables = _tables(stored.figures)
    if key not in tables:
        raise Http404
    _title, headings, rows = tables[key]
    return csv_response(f"{prefix}-{key}.csv", [headings, *rows])


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    require(request, "stats.view_stats")
    return _page(request, stored_figures(request.organization.pk), None)  # type: ignore[attr-defined]


@login_required
@require_GET
def overview_csv(request: HttpRequest, table: str) -> HttpResponse | StreamingHttpResponse:
    require(request, "stats.view_stats")
    stored = stored_figures(request.organization.pk)  # type: ignore[attr-defined]
    return _table_csv(stored, table, "participation")


@login_required
@require_GET
def process_stats(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    require(request, "stats.view_stats", process)
    return _page(request, stored_figures(process.organization_id, process), process)


@login_required
@require_GET
def process_csv(
    request: HttpRequest, slug: str, table: str
) -> HttpResponse | StreamingHttpResponse:
    process = get_object_or_404(Process, slug=slug)
    require(request, "stats.view_stats", process)
    return _table_csv(stored_figures(process.organization_id, process), table, process.slug)
