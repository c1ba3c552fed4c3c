"""Staff create and edit processes and their steps in the back office."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tessera.accounts.models import User
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/processes/process/add/"


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Budget participatif 2027",
        "slug": "bp-2027",
        "summary": "Proposez, votez.",
        "description": "**Bienvenue**",
        "is_published": "on",
        "cover_alt": "",
        "visibility": "public",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-kind": "presentation",
        "steps-0-title": "Dépôt",
        "steps-0-starts_at_0": "2027-01-10",
        "steps-0-starts_at_1": "09:00",
        "steps-0-ends_at_0": "2027-02-10",
        "steps-0-ends_at_1": "09:00",
        "steps-0-description": "",
        "steps-1-kind": "presentation",
        "steps-1-title": "Vote",
        "steps-1-starts_at_0": "2027-03-01",
        "steps-1-starts_at_1": "09:00",
        "steps-1-ends_at_0": "2027-03-20",
        "steps-1-ends_at_1": "18:00",
        "steps-1-description": "",
    }
    data.update(overrides)
    return data


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 600), "#2a7").save(buffer, "JPEG")
    return SimpleUploadedFile("couverture.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_manager_creates_a_process_with_its_steps_and_cover(
    client: Client, manager: User, organization: Organization
) -> None:
    theme = ThemeFactory(organization=organization)
    client.force_login(manager)
    response = client.post(ADD_URL, form_data(themes=[theme.pk], cover=jpeg()))
    assert response.status_code == 302, response.content.decode()[-3000:]
    process = Process.objects.get(slug="bp-2027")
    assert process.organization == organization
    assert process.description_html == "<p><strong>Bienvenue</strong></p>"
    assert [step.title for step in process.steps.all()] == ["Dépôt", "Vote"]
    assert process.starts_at.date().isoformat() == "2027-01-10"
    assert process.cover.name.startswith(f"{organization.slug}/processes/")
    assert list(process.themes.all()) == [theme]


def test_overlapping_steps_are_refused_with_a_message_and_nothing_is_lost(
    client: Client, manager: User
) -> None:
    client.force_login(manager)
    response = client.post(ADD_URL, form_data(**{"steps-1-starts_at_0": "2027-02-01"}))
    assert response.status_code == 200
    content = response.content.decode()
    assert "chevauche" in content or "overlaps" in content
    assert 'value="Budget participatif 2027"' in content
    assert not Process.objects.filter(slug="bp-2027").exists()


def test_a_file_that_is_not_an_image_is_refused_as_cover(client: Client, manager: User) -> None:
    client.force_login(manager)
    fake = SimpleUploadedFile("cover.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post(ADD_URL, form_data(cover=fake))
    assert response.status_code == 200
    assert not Process.objects.filter(slug="bp-2027").exists()


@pytest.mark.parametrize("persona", ["resident", "analyst", "moderator"])
def test_who_is_not_a_manager_cannot_create_a_process(
    client: Client, persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    response = client.post(ADD_URL, form_data())
    assert response.status_code in (302, 403)
    assert not Process.objects.filter(slug="bp-2027").exists()


def test_the_admin_login_is_the_site_login(client: Client, organization: Organization) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
