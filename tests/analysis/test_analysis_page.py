"""The analysis page's forms: one service's analysis, internal comments, assignment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import Service, User
from tessera.analysis.models import Analysis, Assignment, IneligibilityReason, InternalComment
from tessera.proposals.models import Proposal
from tests.analysis.conftest import page_url, yesterday

pytestmark = pytest.mark.django_db


def analysis_data(assignment: Assignment, **values: object) -> dict[str, object]:
    prefix = f"analysis-{assignment.pk}-"
    data = {
        "eligibility": "eligible",
        "ineligibility_reason": "",
        "ineligibility_details": "",
        "feasibility_notes": "Faisable sur le trottoir nord.",
        "estimated_cost": "7500",
        "recommendation": "À retenir.",
    }
    data.update(values)  # type: ignore[arg-type]
    return {prefix + key: value for key, value in data.items()}


def test_the_analyst_saves_a_draft_then_submits_it(
    client: Client, analyst: User, assignment: Assignment
) -> None:
    client.force_login(analyst)
    url = page_url(assignment.proposal, f"analyses/{assignment.pk}/")
    response = client.post(url, analysis_data(assignment, eligibility="undecided"))
    assert response.status_code == 302
    analysis = Analysis.objects.get()
    assert analysis.eligibility == "undecided"
    assert analysis.submitted_at is None
    assert analysis.estimated_cost == 7500

    data = analysis_data(assignment)
    data[f"analysis-{assignment.pk}-submit"] = "1"
    response = client.post(url, data, follow=True)
    analysis.refresh_from_db()
    assert analysis.eligibility == "eligible"
    assert analysis.submitted_by == analyst
    assert analysis.submitted_at is not None
    assert "L’analyse est transmise." in response.content.decode()


def test_submitting_without_deciding_eligibility_is_refused_and_keeps_the_text(
    client: Client, analyst: User, assignment: Assignment
) -> None:
    client.force_login(analyst)
    data = analysis_data(assignment, eligibility="undecided", feasibility_notes="Trottoir étroit")
    data[f"analysis-{assignment.pk}-submit"] = "1"
    response = client.post(page_url(assignment.proposal, f"analyses/{assignment.pk}/"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Indiquez si la proposition est recevable avant de transmettre l’analyse." in page
    assert "Trottoir étroit" in page
    assert not Analysis.objects.exists()


def test_ineligible_needs_a_reason_from_the_process_list(
    client: Client, analyst: User, assignment: Assignment, reasons: list[IneligibilityReason]
) -> None:
    client.force_login(analyst)
    url = page_url(assignment.proposal, f"analyses/{assignment.pk}/")
    response = client.post(url, analysis_data(assignment, eligibility="ineligible"))
    assert response.status_code == 400
    assert "Choisissez le motif d’irrecevabilité." in response.content.decode()
    assert "Hors des compétences de la ville" in response.content.decode()

    response = client.post(
        url,
        analysis_data(
            assignment,
            eligibility="ineligible",
            ineligibility_reason=reasons[0].pk,
            ineligibility_details="Relève du département.",
        ),
    )
    assert response.status_code == 302
    analysis = Analysis.objects.get()
    assert analysis.ineligibility_reason == reasons[0]
    assert analysis.ineligibility_details == "Relève du département."


def test_a_reason_of_another_process_is_refused(
    client: Client, analyst: User, assignment: Assignment, reasons: list[IneligibilityReason]
) -> None:
    from tests.factories import ProcessFactory

    other = ProcessFactory(organization=assignment.organization)
    foreign = IneligibilityReason.objects.create(
        organization=other.organization, process=other, label="Autre"
    )
    client.force_login(analyst)
    response = client.post(
        page_url(assignment.proposal, f"analyses/{assignment.pk}/"),
        analysis_data(assignment, eligibility="ineligible", ineligibility_reason=foreign.pk),
    )
    assert response.status_code == 400
    assert not Analysis.objects.exists()


def test_without_a_reason_list_ineligible_needs_an_explanation(
    client: Client, analyst: User, assignment: Assignment
) -> None:
    client.force_login(analyst)
    response = client.post(
        page_url(assignment.proposal, f"analyses/{assignment.pk}/"),
        analysis_data(assignment, eligibility="ineligible"),
    )
    assert response.status_code == 400
    assert "Expliquez pourquoi la proposition est irrecevable." in response.content.decode()


def test_a_reason_is_dropped_when_the_proposal_is_eligible(
    client: Client, analyst: User, assignment: Assignment, reasons: list[IneligibilityReason]
) -> None:
    client.force_login(analyst)
    client.post(
        page_url(assignment.proposal, f"analyses/{assignment.pk}/"),
        analysis_data(assignment, ineligibility_reason=reasons[0].pk, ineligibility_details="x"),
    )
    analysis = Analysis.objects.get()
    assert analysis.ineligibility_reason is None
    assert analysis.ineligibility_details == ""


@pytest.mark.parametrize(
    ("cost", "message"),
    [
        ("douze", "Saisissez le coût en euros entiers, uniquement des chiffres."),
        ("-5", "Assurez-vous que cette valeur est supérieure ou égale à 0."),
    ],
)
def test_a_bad_cost_is_explained(
    client: Client, analyst: User, assignment: Assignment, cost: str, message: str
) -> None:
    client.force_login(analyst)
    response = client.post(
        page_url(assignment.proposal, f"analyses/{assignment.pk}/"),
        analysis_data(assignment, estimated_cost=cost, recommendation="Garder ce texte"),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Garder ce texte" in response.content.decode()


def test_the_saved_analysis_fills_the_form_again(
    client: Client, analyst: User, assignment: Assignment
) -> None:
    client.force_login(analyst)
    client.post(
        page_url(assignment.proposal, f"analyses/{assignment.pk}/"),
        analysis_data(assignment, feasibility_notes="Note gardée"),
    )
    page = client.get(page_url(assignment.proposal)).content.decode()
    assert "Note gardée" in page
    assert 'value="7500"' in page


def test_the_analysis_of_an_unassigned_service_is_404(
    client: Client, manager: User, assignment: Assignment, proposal: Proposal
) -> None:
    client.force_login(manager)
    response = client.post(page_url(proposal, "analyses/999999/"), {})
    assert response.status_code == 404


def test_staff_comment_internally_and_an_empty_comment_is_refused(
    client: Client, analyst: User, assignment: Assignment
) -> None:
    client.force_login(analyst)
    url = page_url(assignment.proposal, "comments/")
    response = client.post(url, {"body": "   "})
    assert response.status_code == 400
    assert "Écrivez votre commentaire." in response.content.decode()
    response = client.post(url, {"body": "Il faut l’avis des Espaces verts."}, follow=True)
    assert InternalComment.objects.get().author == analyst
    assert "Il faut l’avis des Espaces verts." in response.content.decode()


def test_a_manager_assigns_the_proposal_on_its_page(
    client: Client, manager: User, proposal: Proposal, voirie: Service, analyst: User
) -> None:
    client.force_login(manager)
    due = timezone.localdate() + timedelta(days=14)
    response = client.post(
        page_url(proposal, "assign/"),
        {"service": voirie.pk, "analyst": analyst.pk, "due_date": due.isoformat()},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.service, assignment.analyst, assignment.due_date) == (voirie, analyst, due)


def test_a_published_proposal_assigned_goes_under_analysis(
    client: Client, manager: User, proposal: Proposal, voirie: Service
) -> None:
    Proposal.objects.filter(pk=proposal.pk).update(status="published")
    client.force_login(manager)
    client.post(page_url(proposal, "assign/"), {"service": voirie.pk})
    proposal.refresh_from_db()
    assert proposal.status == "under_analysis"
    assert proposal.status_changes.get().changed_by == manager


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("service", "Choisissez le service qui analysera."),
        ("analyst", "n’est pas membre du service « Voirie »."),
        ("due_date", "La date d’échéance est déjà passée."),
    ],
)
def test_a_bad_assignment_is_explained(
    client: Client,
    manager: User,
    proposal: Proposal,
    voirie: Service,
    analyst_of_other_service: User,
    field: str,
    message: str,
) -> None:
    data = {"service": voirie.pk, "analyst": "", "due_date": ""}
    if field == "service":
        data["service"] = ""
    elif field == "analyst":
        data["analyst"] = analyst_of_other_service.pk
    else:
        data["due_date"] = yesterday().isoformat()
    client.force_login(manager)
    response = client.post(page_url(proposal, "assign/"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Assignment.objects.exists()


def test_an_overdue_analysis_stands_out_on_its_page(
    client: Client, analyst: User, assignment: Assignment
) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(due_date=yesterday())
    client.force_login(analyst)
    page = client.get(page_url(assignment.proposal)).content.decode()
    assert "analysis-block is-overdue" in page
    assert "En retard" in page
