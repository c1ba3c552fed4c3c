"""The back office: list, edit with history, news with an image, creation from the winners."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import User
from tessera.followup.models import NewsPost, Realisation, RealisationUpdate
from tessera.followup.statuses import RealisationStatus
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tests.followup.conftest import image_upload
from tests.followup.factories import RealisationFactory

pytestmark = pytest.mark.django_db

S = RealisationStatus


@pytest.fixture
def staff(client: Client, manager: User) -> Client:
    client.force_login(manager)
    return client


def edit_url(realisation: Realisation) -> str:
    return f"/manage/realisations/{realisation.pk}/"


def form_data(realisation: Realisation, **changes: object) -> dict[str, object]:
    """What the edit form sends back unchanged, with some fields changed."""
    data: dict[str, object] = {
        "title": realisation.title,
        "status": realisation.status,
        "progress": realisation.progress,
        "abandon_reason": realisation.abandon_reason,
        "planned_start": "",
        "planned_end": "",
        "actual_start": "",
        "actual_end": "",
        "budget_voted": realisation.budget_voted or "",
        "budget_spent": "",
        "service": "",
        "district": realisation.district_id or "",
        "theme": realisation.theme_id or "",
        "address": realisation.address,
    }
    return {**data, **changes}


def test_the_list_shows_the_realisations_with_filters(
    staff: Client, realisation: Realisation, followup_step: Step
) -> None:
    RealisationFactory(step=followup_step, title="Un kiosque", status=S.WORKS)
    html = staff.get("/manage/realisations/").content.decode()
    assert "Des arbres fruitiers" in html
    assert "Un kiosque" in html
    html = staff.get("/manage/realisations/?status=works").content.decode()
    assert "Des arbres fruitiers" not in html
    assert "Un kiosque" in html


def test_the_list_can_show_the_late_ones(staff: Client, followup_step: Step) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    RealisationFactory(step=followup_step, title="En retard", planned_end=yesterday)
    RealisationFactory(
        step=followup_step, title="À l’heure", planned_end=yesterday.replace(year=2100)
    )
    html = staff.get("/manage/realisations/?late=on").content.decode()
    assert "En retard" in html
    assert "À l’heure" not in html
    assert "(en retard)" in html


def test_a_bad_list_filter_is_a_400(staff: Client, realisation: Realisation) -> None:
    response = staff.get("/manage/realisations/?status=nope")
    assert response.status_code == 400
    assert "Des arbres fruitiers" not in response.content.decode()


def test_an_update_is_saved_with_its_history(
    staff: Client, realisation: Realisation, manager: User
) -> None:
    response = staff.post(
        edit_url(realisation), form_data(realisation, status="studies", progress="15")
    )
    assert response.status_code == 302
    realisation.refresh_from_db()
    assert (realisation.status, realisation.progress) == (S.STUDIES, 15)
    update = RealisationUpdate.objects.get()
    assert update.author == manager
    assert update.changes == {"status": ["to_start", "studies"], "progress": [0, 15]}
    html = staff.get(edit_url(realisation)).content.decode()
    assert "Avancement (%) : 0 → 15" in html
    assert "Statut : À lancer → Études" in html


def test_saving_without_a_change_records_nothing(staff: Client, realisation: Realisation) -> None:
    response = staff.post(edit_url(realisation), form_data(realisation), follow=True)
    assert "Rien n’a changé." in response.content.decode()
    assert not RealisationUpdate.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"progress": "140"}, "100"),
        ({"status": "done"}, "Sélectionnez un choix valide"),
        ({"status": "abandoned"}, "Dites pourquoi la réalisation est abandonnée"),
        ({"planned_start": "2027-05-01", "planned_end": "2027-01-01"}, "La fin prévue"),
        ({"budget_spent": "-3"}, "0"),
    ],
)
def test_a_refused_update_keeps_what_was_typed_and_says_why(
    staff: Client, realisation: Realisation, changes: dict[str, str], message: str
) -> None:
    data = form_data(realisation, title="Un titre tapé", address="12 rue tapée", **changes)
    response = staff.post(edit_url(realisation), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "La réalisation n’est pas mise à jour" in html
    assert message in html
    assert 'value="Un titre tapé"' in html
    assert 'value="12 rue tapée"' in html
    realisation.refresh_from_db()
    assert realisation.title == "Des arbres fruitiers"
    assert not RealisationUpdate.objects.exists()


def test_news_is_published_with_its_image(
    staff: Client, realisation: Realisation, manager: User
) -> None:
    response = staff.post(
        f"{edit_url(realisation)}news/",
        {
            "title": "Plantation samedi",
            "body": "Venez **nombreux**.",
            "image": image_upload(),
            "image_alt": "Un pommier",
        },
    )
    assert response.status_code == 302
    news = NewsPost.objects.get()
    assert (news.title, news.author, news.image_alt) == ("Plantation samedi", manager, "Un pommier")
    assert news.image.name.endswith(".jpg")
    html = staff.get(realisation.get_absolute_url()).content.decode()
    assert "Plantation samedi" in html
    assert 'alt="Un pommier"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "Texte"}, "Ce champ est obligatoire"),
        ({"title": "Photo", "body": "Texte", "image": "file"}, "Décrivez l’image"),
        ({"title": "Photo", "body": "Texte", "image": "not-an-image"}, "pas une image"),
    ],
)
def test_refused_news_keeps_the_text_and_says_why(
    staff: Client, realisation: Realisation, data: dict[str, Any], message: str
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    if data.get("image") == "file":
        data["image"] = image_upload()
    elif data.get("image") == "not-an-image":
        data["image"] = SimpleUploadedFile("x.png", b"no pixels here", content_type="image/png")
    response = staff.post(f"{edit_url(realisation)}news/", {**data, "body": "Mon texte tapé"})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Mon texte tapé" in html
    assert not NewsPost.objects.exists()


def test_the_realisations_of_the_winners_are_created_once(
    staff: Client, followup_step: Step, winners: list[Proposal]
) -> None:
    response = staff.post("/manage/realisations/create/", {"step": followup_step.pk}, follow=True)
    assert "2 réalisations créées" in response.content.decode()
    response = staff.post("/manage/realisations/create/", {"step": followup_step.pk}, follow=True)
    assert "a déjà sa réalisation" in response.content.decode()
    assert Realisation.objects.count() == 2


def test_creation_refuses_a_step_that_is_not_a_follow_up(
    staff: Client, vote_step: Step, winners: list[Proposal], followup_step: Step
) -> None:
    response = staff.post("/manage/realisations/create/", {"step": vote_step.pk})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Realisation.objects.exists()


def test_the_back_office_pages_run_a_bounded_number_of_queries(
    staff: Client,
    realisation: Realisation,
    followup_step: Step,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    for number in range(20):
        RealisationFactory(step=followup_step, title=f"Projet {number}")
    staff.post(edit_url(realisation), form_data(realisation, progress="5"))
    staff.post(edit_url(realisation), form_data(realisation, progress="6"))
    staff.get(edit_url(realisation))  # shows (and forgets) the messages of the updates
    with django_assert_max_num_queries(11):
        assert staff.get("/manage/realisations/").status_code == 200
    with django_assert_max_num_queries(13):
        assert staff.get(edit_url(realisation)).status_code == 200
