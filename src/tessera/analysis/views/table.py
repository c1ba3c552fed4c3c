"""The proposals table of a process: filters, search, pagination, bulk actions and exports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_scopes import scope

from tessera.accounts.requests import require, user_of
from tessera.analysis import exports, services
from tessera.analysis.forms import BulkAction, BulkForm, TableFilterForm
from tessera.analysis.models import Analysis, Assignment
from tessera.analysis.rules import is_overdue
from tessera.analysis.selectors import proposals_filtered, proposals_visible_to, table_rows
from tessera.analysis.views.common import process_for
from tessera.contributions.models import Contribution
from tessera.core import exports as core_exports
from tessera.processes.models import Process
from tessera.proposals.models import Proposal

PER_PAGE = 50


@dataclass(frozen=True)
class AssignmentCell:
    assignment: Assignment
    analysis: Analysis | None
    overdue: bool
    visible: bool  # may this user see the service's analysis?


@dataclass(frozen=True)
class Row:
    proposal: Proposal
    assignments: list[AssignmentCell]

    @property
    def overdue(self) -> bool:
        return any(cell.overdue for cell in self.assignments)


def _row(proposal: Proposal, user: Any, today: Any) -> Row:
    cells = []
    for assignment in proposal.assignments.all():
        analysis = getattr(assignment, "analysis", None)
        submitted_at = analysis.submitted_at if analysis else None
        cells.append(
            AssignmentCell(
                assignment=assignment,
                analysis=analysis,
                overdue=is_overdue(assignment.due_date, submitted_at, today),
                visible=user.has_perm("analysis.view_analysis", assignment),
            )
        )
    return Row(proposal=proposal, assignments=cells)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The processes that have proposals, to open their table."""
    if not request.user.has_perm("analysis.view_table", None):
        raise PermissionDenied
    processes = Process.objects.filter(steps__kind="collect").distinct().order_by("-starts_at")
    return render(request, "analysis/index.html", {"processes": processes})


def _filtered(request: HttpRequest, process: Process) -> tuple[TableFilterForm, QuerySet[Proposal]]:
    form = TableFilterForm(request.GET or None)
    proposals = proposals_visible_to(request.user, process)
    return form, proposals_filtered(proposals, form.filters(), timezone.localdate())


def _query_string(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _render_table(
    request: HttpRequest, process: Process, bulk_form: BulkForm | None = None, status: int = 200
) -> HttpResponse:
    filter_form, proposals = _filtered(request, process)
    page = Paginator(table_rows(proposals), PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    user = request.user
    rows = [_row(proposal, user, today) for proposal in page.object_list]
    selected: set[str] = set()
    if bulk_form is not None:
        selected = set(request.POST.getlist("proposals"))
    else:
        bulk_form = BulkForm(proposals=proposals)
    can = {
        "can_assign": user.has_perm("analysis.assign", process),
        "can_change_status": user.has_perm("analysis.change_status", process),
        "can_export": user.has_perm("analysis.export", process),
    }
    return render(
        request,
        "analysis/table.html",
        {
            "process": process,
            "filter_form": filter_form,
            "bulk_form": bulk_form,
            "page": page,
            "rows": rows,
            "selected": selected,
            "query_string": _query_string(request),
            **can,
            "can_bulk": any(can.values()),
        },
        status=status if not filter_form.errors else 400,
    )


@login_required
@require_GET
def proposal_table(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_table(request, process_for(request, slug))


@login_required
@require_GET
def export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    """The filtered table, exported (staff only: it holds the authors' e-mail addresses)."""
    process = process_for(request, slug)
    require(request, "analysis.export", process)
    _form, proposals = _filtered(request, process)
    return export_response(process, proposals, file_format)


def export_response(process: Process, proposals: QuerySet[Proposal], file_format: str) -> Any:
    filename = f"{slugify(process.title) or 'propositions'}-{timezone.localdate():%Y-%m-%d}"
    header = exports.header()
    if file_format == "xlsx":
        return core_exports.xlsx_response(
            f"{filename}.xlsx", [(process.title, [header, *exports.rows(proposals)])], stream=True
        )
    organization, language = process.organization, translation.get_language()

    def rows() -> Any:
        # Sent after the view returned: outside the request's scope and language, so both
        # are opened again around the reading.
        with scope(organization=organization), translation.override(language):
            yield header
            yield from exports.rows(proposals)

    return core_exports.csv_response(f"{filename}.csv", rows(), stream=True)


@login_required
@require_POST
def bulk_action(request: HttpRequest, slug: str) -> HttpResponse:
    """Assign, change the status of, or export the ticked proposals."""
    process = process_for(request, slug)
    user = user_of(request)
    form = BulkForm(request.POST, proposals=proposals_visible_to(user, process))
    if not form.is_valid():
        return _render_table(request, process, bulk_form=form, status=400)
    data = form.cleaned_data
    action, proposals = data["action"], list(data["proposals"])
    if action in (BulkAction.EXPORT_CSV, BulkAction.EXPORT_XLSX):
        require(request, "analysis.export", process)
        chosen = proposals_visible_to(user, process).filter(pk__in=[p.pk for p in proposals])
        file_format = "xlsx" if action == BulkAction.EXPORT_XLSX else "csv"
        return export_response(process, chosen, file_format)
    try:
        if action == BulkAction.ASSIGN:
            require(request, "analysis.assign", process)
            count = services.assignments_create(
                proposals=proposals,
                service=data["service"],
                analyst=data["analyst"],
                due_date=data["due_date"],
                assigned_by=user,
            )
            message = ngettext(
                "%(count)s proposal assigned to “%(service)s”.",
                "%(count)s proposals assigned to “%(service)s”.",
                count,
            ) % {"count": count, "service": data["service"].name}
        else:
            require(request, "analysis.change_status", process)
            if data["public_answer"].strip():
                # The public answer becomes each proposal's official answer.
                for contribution in Contribution.objects.filter(proposal__in=proposals):
                    require(request, "contributions.answer", contribution)
            count = services.statuses_change(
                proposals=proposals,
                to_status=data["status"],
                changed_by=user,
                public_answer=data["public_answer"],
            )
            message = ngettext(
                "%(count)s proposal changed status.", "%(count)s proposals changed status.", count
            ) % {"count": count}
    except ValidationError as error:
        form.add_error(None, error)
        return _render_table(request, process, bulk_form=form, status=400)
    messages.success(request, message)
    url = reverse("analysis:table", kwargs={"slug": process.slug})
    query = _query_string(request)
    return redirect(f"{url}?{query}" if query else url)
