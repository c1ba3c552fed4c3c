"""Bulk actions of the table: assign, change the status, export the ticked proposals."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import Service, User
from tessera.analysis.models import Assignment, Decision
from tessera.organizations.models import Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tests.analysis.conftest import table_url, yesterday
from tests.conftest import run_tasks
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposals(step: Step, author: User, theme: Theme) -> list[Proposal]:
    return [
        ProposalFactory(step=step, author=author, theme=theme, title=f"Idée numéro {n}")
        for n in range(3)
    ]


def test_a_manager_assigns_ticked_proposals_to_a_service_and_analyst(
    client: Client,
    manager: User,
    process: Process,
    proposals: list[Proposal],
    voirie: Service,
    analyst: User,
) -> None:
    client.force_login(manager)
    due = timezone.localdate() + timedelta(days=7)
    response = client.post(
        table_url(process, "bulk/") + "?status=published",
        {
            "proposals": [proposals[0].pk, proposals[2].pk],
            "action": "assign",
            "service": voirie.pk,
            "analyst": analyst.pk,
            "due_date": due.isoformat(),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == table_url(process) + "?status=published"
    assigned = Assignment.objects.order_by("proposal_id")
    assert [a.proposal_id for a in assigned] == [proposals[0].pk, proposals[2].pk]
    assert {(a.service, a.analyst, a.due_date) for a in assigned} == {(voirie, analyst, due)}
    statuses = dict(Proposal.objects.values_list("pk", "status"))
    assert statuses[proposals[0].pk] == "under_analysis"
    assert statuses[proposals[1].pk] == "published"
    page = client.get(response["Location"]).content.decode()
    assert "2 propositions confiées à « Voirie »." in page


def test_nothing_ticked_is_explained_and_the_choices_stay(
    client: Client, manager: User, process: Process, proposals: list[Proposal], voirie: Service
) -> None:
    client.force_login(manager)
    response = client.post(
        table_url(process, "bulk/"),
        {"action": "status", "status": "eligible", "public_answer": "Réponse gardée"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Cochez au moins une proposition." in page
    assert "Réponse gardée" in page
    assert '<option value="eligible" selected>' in page


def test_assigning_without_a_service_is_refused_and_the_ticks_stay(
    client: Client, manager: User, process: Process, proposals: list[Proposal]
) -> None:
    client.force_login(manager)
    response = client.post(
        table_url(process, "bulk/"),
        {"proposals": [proposals[1].pk], "action": "assign", "due_date": yesterday().isoformat()},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choisissez le service qui analysera." in page
    assert f'value="{proposals[1].pk}" id="select-{proposals[1].pk}" checked' in page
    assert not Assignment.objects.exists()


def test_a_status_change_goes_through_the_proposals_service_and_e_mails_the_authors(
    client: Client,
    manager: User,
    process: Process,
    proposals: list[Proposal],
    django_capture_on_commit_callbacks: object,
) -> None:
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(
            table_url(process, "bulk/"),
            {
                "proposals": [p.pk for p in proposals[:2]],
                "action": "status",
                "status": "ineligible",
                "public_answer": "Ce projet relève du département.",
            },
        )
    assert response.status_code == 302
    for proposal in proposals[:2]:
        proposal.refresh_from_db()
        assert proposal.status == "ineligible"
        assert proposal.official_answer == "Ce projet relève du département."
        assert proposal.status_changes.get().changed_by == manager
    assert Decision.objects.filter(outcome="ineligible").count() == 2
    run_tasks()  # the notifications' worker
    assert len(mail.outbox) == 2
    assert "Ce projet relève du département." in mail.outbox[0].body


def test_a_status_no_proposal_may_reach_changes_none(
    client: Client, manager: User, process: Process, proposals: list[Proposal]
) -> None:
    client.force_login(manager)
    response = client.post(
        table_url(process, "bulk/"),
        {"proposals": [p.pk for p in proposals], "action": "status", "status": "winner"},
    )
    assert response.status_code == 400
    assert "Ces propositions ne peuvent pas passer à « Lauréat" in response.content.decode()
    assert set(Proposal.objects.values_list("status", flat=True)) == {"published"}


def test_bulk_export_of_the_ticked_proposals(
    client: Client, moderator: User, process: Process, proposals: list[Proposal]
) -> None:
    client.force_login(moderator)
    response = client.post(
        table_url(process, "bulk/"),
        {"proposals": [proposals[0].pk, proposals[2].pk], "action": "export_csv"},
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert sorted(row["Titre"] for row in rows) == ["Idée numéro 0", "Idée numéro 2"]


@pytest.mark.parametrize("action", ["assign", "status"])
def test_a_moderator_may_not_assign_nor_change_statuses(
    client: Client,
    moderator: User,
    process: Process,
    proposals: list[Proposal],
    voirie: Service,
    action: str,
) -> None:
    client.force_login(moderator)
    response = client.post(
        table_url(process, "bulk/"),
        {
            "proposals": [proposals[0].pk],
            "action": action,
            "service": voirie.pk,
            "status": "eligible",
        },
    )
    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_an_analyst_cannot_tick_a_proposal_of_another_service(
    client: Client, analyst: User, process: Process, proposals: list[Proposal], culture: Service
) -> None:
    Assignment.objects.create(
        organization=proposals[0].organization, proposal=proposals[0], service=culture
    )
    client.force_login(analyst)
    response = client.post(
        table_url(process, "bulk/"), {"proposals": [proposals[0].pk], "action": "export_csv"}
    )
    assert response.status_code == 400


def test_the_bulk_form_needs_its_csrf_token(
    manager: User, process: Process, proposals: list[Proposal], voirie: Service
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post(
        table_url(process, "bulk/"),
        {"proposals": [proposals[0].pk], "action": "assign", "service": voirie.pk},
    )
    assert response.status_code == 403
    assert not Assignment.objects.exists()
    page = client.get(table_url(process)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
