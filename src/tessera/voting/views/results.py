"""The public results of a vote step, their CSV and XLSX exports and the open-data .pb file.

Everything here reads the `Results` row frozen at publication (and the .pb files stored with
it): no page or download counts the ballots again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from tessera.core import exports
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.voting import ballot_rules as vote_rules
from tessera.voting.figures import ScopeFigures, figures_of
from tessera.voting.labels import rule_description, rule_label, tie_break
from tessera.voting.models import Results
from tessera.voting.selectors import ballot_districts, results_for_step
from tessera.voting.services.open_data import open_data_of
from tessera.voting.views.common import vote_step_for

BAR_HEIGHT = 28
# Published results never change: a day in any cache, the ETag settles the rest.
OPEN_DATA_MAX_AGE = 86400
OPEN_DATA_RETRY_SECONDS = 60


def results_page(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    step = vote_step_for(request, slug, step_id)
    results = results_for_step(step)
    context: dict[str, Any] = {"step": step, "process": step.process, "results": results}
    if results is not None:
        figures = figures_of(results)
        context |= {
            "scopes": [_scope_view(scope) for scope in figures["scopes"]],
            "turnout": figures["turnout"],
            "districts_turnout": figures["districts"],
            "home_districts": figures["home_districts"],
            "stations": figures["stations"],
            "rule_label": rule_label(results.rule),
            "rule_description": rule_description(results.rule),
            "tie_break": tie_break(results.tie_break),
        }
    return render(request, "voting/results.html", context, status=200)


def _scope_view(scope: ScopeFigures) -> dict[str, Any]:
    rows = scope["proposals"]
    top = max((row["score"] for row in rows), default=0) or 1
    bars: list[dict[str, Any]] = []
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
        "station_ballots": scope.get("open_data", {}).get("station_ballots", 0),
    }


def _published_results(request: HttpRequest, slug: str, step_id: int) -> tuple[Step, Results]:
    step = vote_step_for(request, slug, step_id)
    results = results_for_step(step)
    if results is None:
        raise Http404
    return step, results


def results_rows(results: Results) -> Iterator[list[Any]]:
    """The rows of the results exports (CSV and XLSX), header first: per ballot scope and
    proposal, cost, score online (account or voting code) and on paper (paper ballots and
    station totals; both in the score's unit), score, winner, selection order."""
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
    for scope in figures_of(results)["scopes"]:
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


def turnout_rows(results: Results) -> Iterator[list[Any]]:
    """The turnout as one table (figure, district, number): the totals, the ballots of each
    district ballot, and the voters by home district (participations, never ballots)."""
    figures = figures_of(results)
    totals = figures["turnout"]
    yield [_("figure"), _("district"), _("count")]
    yield [_("voters"), "", totals.get("voters", 0)]
    yield [_("ballots"), "", totals.get("ballots", 0)]
    yield [_("online ballots (account or voting code)"), "", totals.get("online", 0)]
    yield [_("paper ballots (one by one or station totals)"), "", totals.get("paper", 0)]
    for district in figures["districts"]:
        yield [_("ballots of the district ballot"), district["name"], district["ballots"]]
    for row in figures["home_districts"]:
        yield [_("voters by home district"), home_district_label(row), row["voters"]]


def home_district_label(row: dict[str, Any]) -> str:
    if row.get("kind") == "no_district":
        return _("account without a district")
    if row.get("kind") == "no_account":
        return _("without an account (voting code, paper)")
    return str(row["name"])


def station_rows(results: Results) -> Iterator[list[Any]]:
    """The polling stations' paper totals: one row per station and proposal it gave votes."""
    yield [
        _("polling station"),
        _("ballot"),
        _("paper ballots cast"),
        _("proposal id"),
        _("title"),
        _("votes"),
    ]
    for station in figures_of(results)["stations"]:
        scope = station["district_name"] or _("whole process")
        for proposal_id, title, votes in station["totals"] or [[None, "", 0]]:
            yield [station["name"], scope, station["ballots"], proposal_id, title, votes]


TABLES = {"results": results_rows, "turnout": turnout_rows, "stations": station_rows}


def results_csv(request: HttpRequest, slug: str, step_id: int) -> HttpResponseBase:
    """One table as CSV (semicolons, UTF-8 with a BOM for spreadsheet programs): the
    results, or `?table=turnout`, or `?table=stations` (the polling stations' totals)."""
    step, results = _published_results(request, slug, step_id)
    table = request.GET.get("table", "results")
    if table not in TABLES:
        raise Http404
    name = f"results-{step.pk}.csv" if table == "results" else f"{table}-{step.pk}.csv"
    return exports.csv_response(name, list(TABLES[table](results)))  # None: empty


def results_xlsx(request: HttpRequest, slug: str, step_id: int) -> HttpResponseBase:
    """The CSV tables as an Excel workbook, one sheet each (numbers stay numbers)."""
    step, results = _published_results(request, slug, step_id)
    sheets = [(_("Results"), results_rows), (_("Turnout"), turnout_rows)]
    if figures_of(results)["stations"]:
        sheets.append((_("Polling stations"), station_rows))
    return exports.xlsx_response(
        f"results-{step.pk}.xlsx", [(title, list(rows(results))) for title, rows in sheets]
    )


def results_pabulib(request: HttpRequest, slug: str, step_id: int) -> HttpResponseBase:
    """The anonymised ballots of one ballot scope as a pabulib file (open data): the file
    stored at publication, with cache headers; never counted again per download."""
    step, results = _published_results(request, slug, step_id)
    district: District | None = None
    scope_slug = request.GET.get("scope", "")
    if scope_slug:
        district = next((d for d in ballot_districts(step) if d.slug == scope_slug), None)
        if district is None:
            raise Http404
    key = district.pk if district is not None else None
    if not any(scope["district"] == key for scope in figures_of(results)["scopes"]):
        raise Http404
    stored = open_data_of(step, results, district)
    handle = None
    if stored is not None:
        try:
            handle = default_storage.open(stored["name"], "rb")
        except FileNotFoundError:  # the storage lost it: written again, once
            stored = open_data_of(step, results, district, missing=True)
            handle = default_storage.open(stored["name"], "rb") if stored is not None else None
    if stored is None or handle is None:
        busy = HttpResponse(
            _("The file is being prepared: try again in a minute."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        busy["Retry-After"] = str(OPEN_DATA_RETRY_SECONDS)
        return busy
    etag = f'"{stored["sha256"]}"'
    last_modified = int(results.published_at.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    response: HttpResponseBase
    if not_modified is not None:
        handle.close()
        response = not_modified
    else:
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=open_data_filename(step, district),
            content_type="text/plain; charset=utf-8",
        )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={OPEN_DATA_MAX_AGE}"
    return response


def open_data_filename(step: Step, district: District | None) -> str:
    """organisation_process_step[_district].pb: says whose vote it is, unique per scope."""
    parts = [step.organization.slug, step.process.slug, str(step.pk)]
    if district is not None:
        parts.append(district.slug)
    return "_".join(parts) + ".pb"
