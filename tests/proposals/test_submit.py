"""The submission form: good and bad input, uploads checked and kept across a failed try."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from PIL import Image

from tessera.accounts.models import User
from tessera.organizations.models import District, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import (
    CollectSettings,
    FieldMode,
    PendingUpload,
    Proposal,
    ProposalStatusChange,
)
from tessera.proposals.services import search_vector_refresh
from tessera.proposals.uploads import MAX_ATTACHMENT_BYTES
from tests.proposals.conftest import collect_step_in, pdf_upload, png_bytes, png_upload, url

pytestmark = pytest.mark.django_db


def good_data(theme: Theme, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Un jardin partagé derrière la gare",
        "description": "Des bacs de culture, un composteur et un point d'eau pour le quartier.",
        "theme": theme.pk,
        "district": "",
        "estimated_cost": "12000",
        "address": "1 place de la Gare",
    }
    data.update(overrides)
    return data


@pytest.fixture
def logged_in(client: Client, resident: User) -> Client:
    client.force_login(resident)
    return client


def test_a_verified_resident_publishes_a_proposal_during_the_collect(
    logged_in: Client, step: Step, theme: Theme, district: District, resident: User
) -> None:
    response = logged_in.post(url(step, "new"), good_data(theme, district=district.pk))
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.author == resident
    assert proposal.district == district
    assert proposal.estimated_cost == 12000
    assert proposal.status == "published"
    assert ProposalStatusChange.objects.get().to_status == "published"
    page = logged_in.get(response["Location"]).content.decode()
    assert "Un jardin partagé derrière la gare" in page
    assert "Votre proposition est publiée" in page


def test_the_description_is_sanitised(logged_in: Client, step: Step, theme: Theme) -> None:
    description = "Un **beau** projet <script>alert(1)</script> pour tout le quartier, vraiment."
    logged_in.post(url(step, "new"), good_data(theme, description=description))
    html = Proposal.objects.get().description_html
    assert "<strong>beau</strong>" in html
    assert "<script>" not in html


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, step: Step) -> None:
    response = client.get(url(step, "new"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unverified_resident_is_told_to_confirm_the_address(
    client: Client, step: Step, unverified_resident: User, theme: Theme
) -> None:
    client.force_login(unverified_resident)
    response = client.post(url(step, "new"), good_data(theme))
    assert response.status_code == 403
    assert "Confirmez votre adresse" in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(("phase", "message"), [("before", "à partir du"), ("after", "clos")])
def test_nobody_submits_outside_the_collect_dates(
    logged_in: Client, process: Process, theme: Theme, phase: str, message: str
) -> None:
    step = collect_step_in(process, phase)
    response = logged_in.post(url(step, "new"), good_data(theme))
    assert response.status_code == 403
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_each_bad_field_gets_its_own_french_message_and_the_typed_text_stays(
    logged_in: Client, step: Step, theme: Theme
) -> None:
    response = logged_in.post(
        url(step, "new"),
        {
            **good_data(theme, title="Court"),
            "description": "Une description de trente caractères!!",
            "theme": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "au moins 10 caractères" in page
    assert "Ce champ est obligatoire" in page
    assert 'value="Court"' in page
    assert "Une description de trente caractères!!" in page
    assert 'value="1 place de la Gare"' in page


def test_the_step_sets_cost_limits_and_requires_the_address(
    logged_in: Client, step: Step, theme: Theme
) -> None:
    CollectSettings.objects.create(
        step=step,
        organization=step.organization,
        cost_mode=FieldMode.REQUIRED,
        cost_min=1000,
        cost_max=50000,
        address_mode=FieldMode.REQUIRED,
    )
    too_much = logged_in.post(
        url(step, "new"), good_data(theme, estimated_cost="90000", address="")
    )
    page = too_much.content.decode()
    assert too_much.status_code == 400
    assert "au plus de 50\u202f000 €" in page
    assert page.count("Ce champ est obligatoire") == 1  # the address
    too_little = logged_in.post(url(step, "new"), good_data(theme, estimated_cost="10"))
    assert "au moins de 1\u202f000 €" in too_little.content.decode()
    missing = logged_in.post(url(step, "new"), good_data(theme, estimated_cost=""))
    assert "Ce champ est obligatoire" in missing.content.decode()


def test_a_hidden_field_is_not_asked_and_associations_only_where_allowed(
    logged_in: Client, step: Step, theme: Theme
) -> None:
    assert "id_on_behalf_of" not in logged_in.get(url(step, "new")).content.decode()
    CollectSettings.objects.create(
        step=step,
        organization=step.organization,
        cost_mode=FieldMode.HIDDEN,
        accepts_associations=True,
    )
    page = logged_in.get(url(step, "new")).content.decode()
    assert "id_estimated_cost" not in page
    assert "id_on_behalf_of" in page
    logged_in.post(url(step, "new"), good_data(theme, on_behalf_of="Les Amis du Parc"))
    proposal = Proposal.objects.get()
    assert proposal.on_behalf_of == "Les Amis du Parc"
    assert proposal.estimated_cost is None


def test_an_uploaded_photo_loses_its_gps_position(
    logged_in: Client, step: Step, theme: Theme
) -> None:
    upload = png_upload(gps=True)
    assert Image.open(upload).getexif().get(0x8825)  # the test photo does carry a position
    upload.seek(0)
    logged_in.post(url(step, "new"), {**good_data(theme), "images": [upload]})
    stored = Proposal.objects.get().images.get()
    assert stored.image.name.startswith("ville-de-test/proposals/images/")
    with Image.open(stored.image.path) as image:
        assert not image.getexif()
        assert 0x8825 not in image.getexif()


def test_a_pdf_renamed_png_is_refused(logged_in: Client, step: Step, theme: Theme) -> None:
    fake = pdf_upload(name="photo.png")
    response = logged_in.post(url(step, "new"), {**good_data(theme), "images": [fake]})
    assert response.status_code == 400
    assert (
        "« photo.png »" in response.content.decode() or "“photo.png”" in response.content.decode()
    )
    assert "pas une image" in response.content.decode()
    assert not Proposal.objects.exists()


def test_an_image_renamed_pdf_is_refused(logged_in: Client, step: Step, theme: Theme) -> None:
    fake = pdf_upload(name="plan.pdf", content=png_bytes())
    response = logged_in.post(url(step, "new"), {**good_data(theme), "attachments": [fake]})
    assert response.status_code == 400
    assert "pas un document PDF" in response.content.decode()


def test_an_oversized_file_is_refused_with_its_size_and_the_limit(
    logged_in: Client, step: Step, theme: Theme
) -> None:
    big = pdf_upload(content=b"%PDF-1.4\n" + b"0" * (MAX_ATTACHMENT_BYTES + 1))
    response = logged_in.post(url(step, "new"), {**good_data(theme), "attachments": [big]})
    page = response.content.decode()
    assert response.status_code == 400
    assert "trop volumineux (5,0 Mo)" in page
    assert "la limite est de 5 Mo" in page


def test_more_than_five_images_are_refused(logged_in: Client, step: Step, theme: Theme) -> None:
    images = [png_upload(f"p{index}.png") for index in range(6)]
    response = logged_in.post(url(step, "new"), {**good_data(theme), "images": images})
    assert response.status_code == 400
    assert "Au plus 5 images" in response.content.decode()


def test_a_valid_pdf_is_attached(logged_in: Client, step: Step, theme: Theme) -> None:
    logged_in.post(url(step, "new"), {**good_data(theme), "attachments": [pdf_upload()]})
    attachment = Proposal.objects.get().attachments.get()
    assert attachment.title == "plan.pdf"
    assert attachment.file.read().startswith(b"%PDF-")


def test_uploaded_images_are_kept_when_another_field_fails_and_attached_on_the_next_try(
    logged_in: Client, step: Step, theme: Theme
) -> None:
    failed = logged_in.post(
        url(step, "new"),
        {
            **good_data(theme, title=""),
            "images": [png_upload("jardin.png")],
            "attachments": [pdf_upload()],
        },
    )
    page = failed.content.decode()
    assert failed.status_code == 400
    pending = list(PendingUpload.objects.order_by("kind"))
    assert [upload.original_name for upload in pending] == ["plan.pdf", "jardin.png"]
    for upload in pending:
        assert f'value="{upload.token}"' in page
        assert "checked" in page
    assert "jardin.png" in page
    tokens = [str(upload.token) for upload in pending]
    done = logged_in.post(url(step, "new"), {**good_data(theme), "pending": tokens})
    assert done.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.images.count() == 1
    assert proposal.attachments.count() == 1
    assert not PendingUpload.objects.exists()


def test_an_unticked_pending_file_is_left_out(logged_in: Client, step: Step, theme: Theme) -> None:
    logged_in.post(url(step, "new"), {**good_data(theme, title=""), "images": [png_upload()]})
    assert PendingUpload.objects.count() == 1
    logged_in.post(url(step, "new"), good_data(theme))
    assert Proposal.objects.get().images.count() == 0


def test_pending_files_of_another_person_cannot_be_taken(
    client: Client, step: Step, theme: Theme, resident: User, author: User
) -> None:
    client.force_login(author)
    client.post(url(step, "new"), {**good_data(theme, title=""), "images": [png_upload()]})
    token = str(PendingUpload.objects.get().token)
    other = Client()
    other.force_login(resident)
    response = other.post(url(step, "new"), {**good_data(theme), "pending": [token]})
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_title_suggestions_list_similar_proposals_of_the_step(
    client: Client, step: Step, proposal: Proposal
) -> None:
    search_vector_refresh()  # the factory bypasses the service that keeps it
    page = client.get(url(step, "suggestions") + "?title=Quelques bancs").content.decode()
    assert "Des bancs à l&#x27;ombre" in page
    assert client.get(url(step, "suggestions") + "?title=piscine").content.decode().strip() == ""


def test_a_step_that_does_not_ask_the_theme_publishes_without_one(
    logged_in: Client, step: Step, theme: Theme
) -> None:
    CollectSettings.objects.create(
        step=step, organization=step.organization, theme_mode=FieldMode.HIDDEN
    )
    assert "id_theme" not in logged_in.get(url(step, "new")).content.decode()
    response = logged_in.post(url(step, "new"), good_data(theme))
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert proposal.theme is None  # a forged theme is not taken where none is asked
    page = logged_in.get(proposal.get_absolute_url()).content.decode()
    assert "Un jardin partagé derrière la gare" in page
    assert "Thème" not in page
    listing = logged_in.get(url(step)).content.decode()
    assert "Un jardin partagé derrière la gare" in listing


def test_an_optional_theme_may_be_left_out_and_a_required_one_may_not(
    logged_in: Client, step: Step, theme: Theme
) -> None:
    settings = CollectSettings.objects.create(
        step=step, organization=step.organization, theme_mode=FieldMode.OPTIONAL
    )
    no_theme = {**good_data(theme), "theme": ""}
    assert logged_in.post(url(step, "new"), no_theme).status_code == 302
    assert Proposal.objects.get().theme is None
    settings.theme_mode = FieldMode.REQUIRED
    settings.save()
    refused = logged_in.post(url(step, "new"), {**no_theme, "title": "Une autre idée ici"})
    assert refused.status_code == 400
    assert "Ce champ est obligatoire" in refused.content.decode()
    assert Proposal.objects.count() == 1
