"""A proposal's files follow its page: hidden or restricted means not for anonymous visitors,
and never a public cache."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from tessera.accounts.models import User
from tessera.contributions.models import Contribution
from tessera.core.renditions import rendition_name
from tessera.processes.models import Visibility
from tessera.proposals.models import PendingUpload, Proposal, ProposalAttachment, ProposalImage
from tests.proposals.conftest import pdf_upload, png_upload, url


@pytest.fixture
def image_url(proposal: Proposal) -> str:
    image = ProposalImage.objects.create(
        organization=proposal.organization, proposal=proposal, image=png_upload()
    )
    return image.image.url


@pytest.fixture
def attachment_url(proposal: Proposal) -> str:
    attachment = ProposalAttachment.objects.create(
        organization=proposal.organization, proposal=proposal, file=pdf_upload(), title="Plan"
    )
    return attachment.file.url


def test_a_visible_proposal_s_image_is_public(client: Client, image_url: str) -> None:
    response = client.get(image_url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"


def test_a_hidden_proposal_s_files_are_refused_to_anonymous_visitors(
    client: Client, proposal: Proposal, image_url: str, attachment_url: str
) -> None:
    Contribution.objects.filter(pk=proposal.contribution_id).update(state="hidden")
    assert client.get(image_url).status_code == 404
    assert client.get(attachment_url).status_code == 404


def test_the_author_of_a_hidden_proposal_sees_its_file_without_shared_cache(
    client: Client, proposal: Proposal, author: User, image_url: str
) -> None:
    Contribution.objects.filter(pk=proposal.contribution_id).update(state="hidden")
    client.force_login(author)
    response = client.get(image_url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"


def test_a_restricted_process_s_files_are_refused_to_anonymous_visitors(
    client: Client, proposal: Proposal, attachment_url: str
) -> None:
    process = proposal.step.process
    process.visibility = Visibility.RESTRICTED
    process.save(update_fields=["visibility"])
    assert client.get(attachment_url).status_code == 404


def test_a_file_no_proposal_owns_is_refused(client: Client, image_url: str) -> None:
    ProposalImage.objects.all().delete()
    assert client.get(image_url).status_code == 404


def test_a_pending_upload_is_served_only_to_its_sender(
    client: Client, proposal: Proposal, author: User, resident: User
) -> None:
    pending = PendingUpload.objects.create(
        organization=proposal.organization,
        session_key="s",
        user=author,
        kind=PendingUpload.Kind.IMAGE,
        file=png_upload(),
        original_name="photo.png",
    )
    assert client.get(pending.file.url).status_code == 404
    client.force_login(resident)
    assert client.get(pending.file.url).status_code == 404
    client.force_login(author)
    assert client.get(pending.file.url).status_code == 200


def test_a_card_loads_a_small_copy_made_once_and_checked_like_its_original(
    client: Client, proposal: Proposal
) -> None:
    image = ProposalImage.objects.create(
        organization=proposal.organization, proposal=proposal, image=png_upload(size=(2000, 1500))
    )
    listing = client.get(url(proposal.step)).content.decode()
    small = rendition_name(image.image.url, 480)
    assert f'src="{small}"' in listing
    assert image.image.url not in listing

    response = client.get(small)
    assert response.status_code == 200
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as copy:  # type: ignore[attr-defined]
        assert copy.size == (480, 360)
    assert default_storage.exists(rendition_name(image.image.name, 480))

    assert client.get(rendition_name(image.image.url, 123)).status_code == 404
    Contribution.objects.filter(pk=proposal.contribution_id).update(state="hidden")
    assert client.get(small).status_code == 404
