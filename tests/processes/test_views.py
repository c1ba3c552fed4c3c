"""The public pages of processes: home, list with filters, process page and step page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import User
from tessera.organizations.models import Organization
from tessera.processes.models import Step, Visibility
from tessera.processes.services import timeline_save
from tests.factories import DistrictFactory, ProcessFactory, ThemeFactory
from tests.processes.helpers import process_in

pytestmark = pytest.mark.django_db


def test_home_shows_open_and_upcoming_processes_but_not_closed_ones(
    client: Client, organization: Organization
) -> None:
    process_in(organization, "open", title="Budget ouvert")
    process_in(organization, "upcoming", title="Questionnaire à venir")
    process_in(organization, "closed", title="Ancienne édition")
    page = client.get("/").content.decode()
    assert "Budget ouvert" in page
    assert "Questionnaire à venir" in page
    assert "Ancienne édition" not in page


def test_the_list_filters_by_status_theme_and_district(
    client: Client, organization: Organization
) -> None:
    mobility = ThemeFactory(organization=organization, name="Mobilités", slug="mobilites")
    gare = DistrictFactory(organization=organization, name="La Gare", slug="la-gare")
    bikes = process_in(organization, "open", title="Plan vélo")
    bikes.themes.add(mobility)
    bikes.districts.add(gare)
    process_in(organization, "closed", title="Budget 2025")
    process_in(organization, "upcoming", title="Consultation parcs")

    def titles(query: str) -> set[str]:
        content = client.get(f"/processes/?{query}").content.decode()
        return {t for t in ("Plan vélo", "Budget 2025", "Consultation parcs") if t in content}

    assert titles("") == {"Plan vélo", "Budget 2025", "Consultation parcs"}
    assert titles("status=open") == {"Plan vélo"}
    assert titles("status=closed") == {"Budget 2025"}
    assert titles("status=upcoming") == {"Consultation parcs"}
    assert titles("theme=mobilites") == {"Plan vélo"}
    assert titles("district=la-gare&status=closed") == set()


def test_an_unknown_filter_value_is_a_400_with_the_message_and_the_form(
    client: Client, organization: Organization
) -> None:
    response = client.get("/processes/?status=forever&theme=nowhere")
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_the_list_paginates_and_counts(client: Client, organization: Organization) -> None:
    for index in range(14):
        process_in(organization, "open", title=f"Démarche numéro {index:02d}")
    first = client.get("/processes/").content.decode()
    second = client.get("/processes/?page=2").content.decode()
    assert "14 démarches" in first
    assert first.count('class="card"') == 12
    assert second.count('class="card"') == 2


def test_the_process_page_shows_its_timeline_with_the_phase_of_each_step(
    client: Client, organization: Organization
) -> None:
    process = ProcessFactory(organization=organization, slug="budget", title="Budget 2026")
    now = timezone.now()
    timeline_save(
        process=process,
        saved=[
            Step(
                title="Dépôt", starts_at=now - timedelta(days=20), ends_at=now - timedelta(days=5)
            ),
            Step(
                title="Analyse", starts_at=now - timedelta(days=5), ends_at=now + timedelta(days=5)
            ),
            Step(title="Vote", starts_at=now + timedelta(days=5), ends_at=now + timedelta(days=15)),
        ],
    )
    page = client.get("/processes/budget/").content.decode()
    content = page[page.index('class="timeline"') :]
    assert content.index("Dépôt") < content.index("Analyse") < content.index("Vote")
    assert content.count('class="phase-past"') == 1
    assert content.count('class="phase-current" aria-current="step"') == 1
    assert content.count('class="phase-upcoming"') == 1
    assert "Terminée" in content
    assert "En cours" in content
    assert "À venir" in content


def test_the_step_page_shows_the_step_and_a_foreign_step_id_is_404(
    client: Client, organization: Organization
) -> None:
    process = process_in(organization, "open", slug="budget")
    other = process_in(organization, "open", slug="autre")
    step = process.steps.get()
    assert client.get(f"/processes/budget/steps/{step.pk}/").status_code == 200
    assert client.get(f"/processes/autre/steps/{step.pk}/").status_code == 404
    assert other.steps.exists()


def test_a_draft_is_404_for_residents_and_visible_to_a_manager(
    client: Client, organization: Organization, resident: User, manager: User
) -> None:
    process_in(organization, "open", slug="brouillon", title="Brouillon", is_published=False)
    assert client.get("/processes/brouillon/").status_code == 404
    assert "Brouillon" not in client.get("/processes/").content.decode()
    client.force_login(resident)
    assert client.get("/processes/brouillon/").status_code == 404
    client.force_login(manager)
    assert client.get("/processes/brouillon/").status_code == 200


def test_an_unlisted_process_opens_by_its_link_but_is_not_listed(
    client: Client, organization: Organization
) -> None:
    process_in(organization, "open", slug="lien", title="Par lien", visibility=Visibility.UNLISTED)
    assert client.get("/processes/lien/").status_code == 200
    assert "Par lien" not in client.get("/processes/").content.decode()
    assert "Par lien" not in client.get("/").content.decode()


def test_a_restricted_process_asks_anonymous_to_log_in_and_refuses_other_residents(
    client: Client, organization: Organization, resident: User
) -> None:
    process = process_in(
        organization, "open", slug="conseil", title="Conseil", visibility=Visibility.RESTRICTED
    )
    response = client.get("/processes/conseil/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(resident)
    assert client.get("/processes/conseil/").status_code == 403
    assert "Conseil" not in client.get("/processes/").content.decode()
    process.allowed_users.add(resident)
    assert client.get("/processes/conseil/").status_code == 200
    assert "Conseil" in client.get("/processes/").content.decode()


def test_an_unknown_process_gets_the_site_404_page(
    client: Client, organization: Organization
) -> None:
    response = client.get("/processes/nope/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
