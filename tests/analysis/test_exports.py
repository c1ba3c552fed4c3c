"""CSV and XLSX exports of the proposals with their analysis (staff only, streamed)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import Service, User
from tessera.analysis.models import Analysis, Assignment, Decision, IneligibilityReason
from tessera.processes.models import Process
from tessera.proposals.models import Proposal
from tests.analysis.conftest import table_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysed(
    assignment: Assignment,
    culture: Service,
    reasons: list[IneligibilityReason],
    manager: User,
) -> Proposal:
    proposal = assignment.proposal
    Analysis.objects.create(
        organization=proposal.organization,
        assignment=assignment,
        eligibility="eligible",
        feasibility_notes="Faisable",
        estimated_cost=7500,
        recommendation="À retenir",
        submitted_at=timezone.now(),
    )
    other = Assignment.objects.create(
        organization=proposal.organization, proposal=proposal, service=culture
    )
    Analysis.objects.create(
        organization=proposal.organization,
        assignment=other,
        eligibility="ineligible",
        ineligibility_reason=reasons[0],
        ineligibility_details="Relève du département",
    )
    Decision.objects.create(
        organization=proposal.organization,
        proposal=proposal,
        outcome="eligible",
        public_answer="Votre idée est retenue pour le vote.",
        decided_by=manager,
    )
    return proposal


def read_csv(response: StreamingHttpResponse) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[arg-type]
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_the_csv_holds_each_proposal_with_each_services_analysis(
    client: Client, manager: User, process: Process, analysed: Proposal, author: User
) -> None:
    client.force_login(manager)
    response = client.get(table_url(process, "export.csv"))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="budget-2026-' in response["Content-Disposition"]
    (row,) = read_csv(response)
    assert row["Numéro"] == str(analysed.pk)
    assert row["Titre"] == "Des bancs à l'ombre"
    assert row["Statut"] == "En cours d’analyse"
    assert row["E-mail de l’auteur ou autrice"] == author.email
    assert row["Services"] == "Culture\nVoirie"
    assert row["Recevabilité selon les services"] == "Culture : Irrecevable\nVoirie : Recevable"
    assert row["Motifs d’irrecevabilité"] == (
        "Culture : Hors des compétences de la ville — Relève du département"
    )
    assert row["Coût estimé par les services (€)"] == "Voirie : 7500"
    assert row["Décision"] == "Recevable"
    assert row["Réponse publique"] == "Votre idée est retenue pour le vote."


def test_the_xlsx_opens_with_the_same_content(
    client: Client, manager: User, process: Process, analysed: Proposal
) -> None:
    client.force_login(manager)
    response = client.get(table_url(process, "export.xlsx"))
    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[arg-type]
    sheet = workbook.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    header, row = rows
    data = dict(zip(header, row, strict=True))
    assert data["Numéro"] == analysed.pk
    assert data["Titre"] == "Des bancs à l'ombre"
    assert data["Décision"] == "Recevable"
    assert data["Recevabilité selon les services"] == "Culture : Irrecevable\nVoirie : Recevable"


def test_an_export_follows_the_table_filters(
    client: Client, manager: User, process: Process, analysed: Proposal, step: object
) -> None:
    from tests.proposals.factories import ProposalFactory

    ProposalFactory(step=step, author=analysed.author, theme=analysed.theme, title="Autre idée")
    client.force_login(manager)
    everything = read_csv(client.get(table_url(process, "export.csv")))  # type: ignore[arg-type]
    decided = read_csv(client.get(table_url(process, "export.csv") + "?decision=eligible"))  # type: ignore[arg-type]
    assert len(everything) == 2
    assert [row["Titre"] for row in decided] == ["Des bancs à l'ombre"]


def test_text_a_spreadsheet_would_run_stays_text(
    client: Client, manager: User, process: Process, proposal: Proposal
) -> None:
    Proposal.objects.filter(pk=proposal.pk).update(title='=HYPERLINK("http://x","clic")')
    client.force_login(manager)
    (row,) = read_csv(client.get(table_url(process, "export.csv")))  # type: ignore[arg-type]
    assert row["Titre"] == '\'=HYPERLINK("http://x","clic")'
    response = client.get(table_url(process, "export.xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active  # type: ignore[arg-type]
    assert sheet is not None
    assert sheet["B2"].data_type == "s"


def test_the_export_speaks_the_staff_members_language(
    client: Client, manager: User, process: Process, analysed: Proposal
) -> None:
    client.force_login(manager)
    response = client.get(table_url(process, "export.csv"), headers={"accept-language": "en"})
    (row,) = read_csv(response)  # type: ignore[arg-type]
    assert row["Status"] == "Under analysis"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("author", 403),
        ("analyst", 403),
        ("analyst_of_other_service", 403),
        ("moderator", 200),
        ("manager", 200),
        ("admin", 200),
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_only_staff_export_personal_data(
    client: Client,
    request: pytest.FixtureRequest,
    process: Process,
    assignment: Assignment,
    name: str,
    expected: int,
    file_format: str,
) -> None:
    if name != "anonymous":
        client.force_login(request.getfixturevalue(name))
    response = client.get(table_url(process, f"export.{file_format}"))
    assert response.status_code == expected


def test_another_organisation_cannot_export(
    other_client: Client, other_organization_admin: User, process: Process, proposal: Proposal
) -> None:
    other_client.force_login(other_organization_admin)
    assert other_client.get(table_url(process, "export.csv")).status_code == 404


def test_a_proposal_without_a_theme_is_exported_with_an_empty_theme(
    client: Client, manager: User, process: Process, analysed: Proposal
) -> None:
    Proposal.objects.filter(pk=analysed.pk).update(theme=None)
    client.force_login(manager)
    (row,) = read_csv(client.get(table_url(process, "export.csv")))
    assert row["Thème"] == ""
    assert row["Titre"] == "Des bancs à l'ombre"
    assert client.get(table_url(process)).status_code == 200
