"""The public results of a vote step, their CSV export and the open-data .pb file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.voting import rules as vote_rules
from tessera.voting import tally
from tessera.voting.labels import rule_description, rule_label, tie_break
from tessera.voting.models import Results
from tessera.voting.selectors import ballot_districts, results_for_step
from tessera.voting.services_results import pabulib_for
from tessera.voting.views.common import vote_step_for

BAR_HEIGHT = 28
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LABEL_WIDTH = 0  # labels sit above each bar, so a phone keeps the whole width for the bar


def results_page(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    step = vote_step_for(request, slug, step_id)
    results = results_for_step(step)
    context: dict[str, Any] = {"step": step, "process": step.process, "results": results}
    if results is not None:
        scopes = [_scope_view(scope) for scope in results.figures.get("scopes", [])]
        context |= {
            "scopes": scopes,
            "turnout": results.figures.get("turnout", {}),
            "districts_turnout": results.figures.get("districts", []),
            "rule_label": rule_label(results.rule),
            "rule_description": rule_description(results.rule),
            "tie_break": tie_break(results.tie_break),
        }
    return render(request, "voting/results.html", context, status=200)


def _scope_view(scope: dict[str, Any]) -> dict[str, Any]:
    rows = scope["proposals"]
    top = max((row["score"] for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        bars.append(
            {
                **row,
                "cost_text": vote_rules.format_money(row["cost"]),
                "y": index * BAR_HEIGHT * 2,
                "bar_y": index * BAR_HEIGHT * 2 + BAR_HEIGHT - 6,
                "width": round(100 * row["score"] / top, 2),
            }
        )
    winners = sorted((bar for bar in bars if bar["winner"]), key=lambda bar: bar["order"])
    return {
        **scope,
        "bars": bars,
        "winners": winners,
        "height": max(len(bars), 1) * BAR_HEIGHT * 2,
        "budget_text": vote_rules.format_money(scope["budget"]),
        "total_text": vote_rules.format_money(scope["total_cost"]),
    }


def _published_step(request: HttpRequest, slug: str, step_id: int) -> Any:
    step = vote_step_for(request, slug, step_id)
    if results_for_step(step) is None:
        raise Http404
    return step


def results_rows(results: Results) -> Iterator[list[Any]]:
    """The rows of the results exports (CSV and XLSX), header first: per ballot scope and
    proposal, cost, online and paper votes, score, winner, selection order (no personal data)."""
    yield [
        _("ballot"),
        _("proposal id"),
        _("title"),
        _("cost"),
        _("online"),
        _("paper"),
        _("score"),
        _("winner"),
        _("selection order"),
    ]
    for scope in results.figures.get("scopes", []):
        for row in scope["proposals"]:
            yield [
                scope["district_name"] or _("whole process"),
                row["id"],
                row["title"],
                row["cost"],
                row["online"],
                row["paper"],
                row["score"],
                _("yes") if row["winner"] else _("no"),
                row["order"],
            ]


def _published_results(request: HttpRequest, slug: str, step_id: int) -> tuple[Step, Results]:
    step = _published_step(request, slug, step_id)
    results = results_for_step(step)
    assert results is not None
    return step, results


def results_csv(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """The results as CSV (semicolons, UTF-8 with a BOM for spreadsheet programs)."""
    step, results = _published_results(request, slug, step_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="results-{step.pk}.csv"'
    response.write("\ufeff")  # spreadsheet programs read UTF-8 with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerows(results_rows(results))  # None (no selection order) is written empty
    return response


def results_xlsx(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """The same rows as the CSV, as an Excel workbook (numbers stay numbers)."""
    step, results = _published_results(request, slug, step_id)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Results")[:31])
    for values in results_rows(results):
        sheet.append([_xlsx_cell(sheet, value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="results-{step.pk}.xlsx"'
    return response


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """A text starting with "=" (a proposal title is free text) stays text, never a formula."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def results_pabulib(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """The anonymised ballots as a pabulib file (open data), one file per ballot scope."""
    step = _published_step(request, slug, step_id)
    district: District | None = None
    scope_slug = request.GET.get("scope", "")
    if scope_slug:
        district = next((d for d in ballot_districts(step) if d.slug == scope_slug), None)
        if district is None:
            raise Http404
    text = tally.format_pabulib(pabulib_for(step, district))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    name = f"{step.organization.slug}-{step.pk}{'-' + district.slug if district else ''}.pb"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
