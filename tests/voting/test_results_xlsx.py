"""The XLSX export of the results: the CSV's rows, in a workbook openpyxl reads back."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from tessera.accounts.models import User
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting.models import PaperTotal, PollingStation
from tessera.voting.services.results import results_publish
from tests.voting.conftest import eligible, vote_step_in, vote_url
from tests.voting.test_results import cast

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def closed_step(process: Process) -> Step:
    return vote_step_in(process, "after", budget=70_000)


def test_the_xlsx_holds_the_rows_of_the_csv(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    assert client.get(vote_url(closed_step) + "results.xlsx").status_code == 404
    p60, p30, p20, p10 = proposals
    cast(closed_step, (5, [p60, p20]), (3, [p30]), (2, [p10, p20]))
    results_publish(step=closed_step, published_by=manager)

    response = client.get(vote_url(closed_step) + "results.xlsx", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert f'filename="results-{closed_step.pk}.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, turnout = workbook.worksheets  # no polling station: no third sheet
    assert sheet.title == "Résultats"
    assert turnout.title == "Participation"
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header, *lines = rows
    assert len(header) == 9
    assert len(lines) == 4
    by_id = {line[1]: line for line in lines}
    # Numbers stay numbers: cost, online, paper, score, selection order.
    assert by_id[p20.pk][3:7] == [20_000, 7, 0, 7]
    assert by_id[p20.pk][8] == 1
    assert by_id[p60.pk][8] is None  # skipped: no selection order
    assert by_id[p60.pk][2] == p60.title

    csv_text = client.get(
        vote_url(closed_step) + "results.csv", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode("utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    as_text = [["" if value is None else str(value) for value in row] for row in rows]
    assert as_text == csv_rows


def test_a_title_that_looks_like_a_formula_stays_text(
    client: Client, closed_step: Step, collect_step: Step, theme: object, manager: User
) -> None:
    proposal = eligible(collect_step, theme, 1_000, title='=HYPERLINK("http://x.test","clic")')  # type: ignore[arg-type]
    cast(closed_step, (1, [proposal]))
    results_publish(step=closed_step, published_by=manager)
    response = client.get(vote_url(closed_step) + "results.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    cell = workbook.active["C2"]  # type: ignore[index]
    assert cell.value == proposal.title
    assert cell.data_type == "s"


def test_the_results_page_links_both_exports(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    cast(closed_step, (1, [proposals[3]]))
    results_publish(step=closed_step, published_by=manager)
    page = client.get(vote_url(closed_step, "results"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert 'results.csv"' in page
    assert 'results.xlsx"' in page
    assert "Télécharger les résultats (XLSX)" in page


def test_the_turnout_and_station_sheets_hold_the_rows_of_their_csv(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    p60, p30, _p20, _p10 = proposals
    cast(closed_step, (3, [p30]))
    station = PollingStation.objects.create(
        organization=closed_step.organization, step=closed_step, name="Mairie", ballots_count=9
    )
    PaperTotal.objects.create(
        organization=closed_step.organization, station=station, proposal=p60, votes=9
    )
    results_publish(step=closed_step, published_by=manager)
    response = client.get(vote_url(closed_step) + "results.xlsx", HTTP_ACCEPT_LANGUAGE="fr")
    workbook = load_workbook(io.BytesIO(response.content))
    assert [sheet.title for sheet in workbook.worksheets] == [
        "Résultats",
        "Participation",
        "Bureaux de vote",
    ]
    for sheet, table in zip(workbook.worksheets[1:], ["turnout", "stations"], strict=True):
        rows = [
            ["" if value is None else str(value) for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        csv_text = client.get(
            vote_url(closed_step) + f"results.csv?table={table}", HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode("utf-8-sig")
        assert rows == list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    turnout = {row[0].value: row[2].value for row in workbook["Participation"].iter_rows()}
    assert turnout["votants"] == 3 + 9
    assert turnout["bulletins papier (un par un ou totaux de bureau de vote)"] == 9


def test_the_public_results_csv_keeps_a_formula_title_as_text(
    client: Client, closed_step: Step, collect_step: Step, theme: object, manager: User
) -> None:
    attack = '=HYPERLINK("http://x.test","clic")'
    proposal = eligible(collect_step, theme, 1_000, title=attack)  # type: ignore[arg-type]
    cast(closed_step, (1, [proposal]))
    results_publish(step=closed_step, published_by=manager)
    text = client.get(vote_url(closed_step) + "results.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][2] == "'" + attack
