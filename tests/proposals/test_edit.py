"""Edit, withdraw and the history of changes."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from tessera.accounts.models import User
from tessera.processes.models import Process
from tessera.proposals.models import Proposal, ProposalRevision
from tessera.proposals.services import NewFile, proposal_submit
from tests.proposals.conftest import collect_step_in, png_upload, url
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def form_data(proposal: Proposal, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": proposal.title,
        "description": proposal.description,
        "theme": proposal.theme_id,
        "district": proposal.district_id or "",
        "estimated_cost": proposal.estimated_cost or "",
        "address": proposal.address,
    }
    data.update(overrides)
    return data


def test_the_author_edits_during_the_collect_and_the_change_is_kept(
    client: Client, proposal: Proposal, author: User
) -> None:
    client.force_login(author)
    page = client.get(url(proposal.step, "edit", proposal)).content.decode()
    assert 'value="Des bancs à l&#x27;ombre"' in page
    response = client.post(
        url(proposal.step, "edit", proposal),
        form_data(proposal, title="Des bancs et des arbres", estimated_cost="8000"),
    )
    assert response.status_code == 302
    revision = ProposalRevision.objects.get()
    assert revision.changes == {
        "title": ["Des bancs à l'ombre", "Des bancs et des arbres"],
        "estimated_cost": [None, 8000],
    }
    assert revision.author == author


def test_an_edit_with_an_error_keeps_the_typed_text(
    client: Client, proposal: Proposal, author: User
) -> None:
    client.force_login(author)
    response = client.post(
        url(proposal.step, "edit", proposal), form_data(proposal, title="", address="Rue Neuve")
    )
    assert response.status_code == 400
    assert 'value="Rue Neuve"' in response.content.decode()
    assert not ProposalRevision.objects.exists()


def test_the_author_adds_and_removes_images(
    client: Client, step: object, author: User, theme: object
) -> None:
    proposal = proposal_submit(
        author=author,
        step=step,
        title="Une fresque sur le mur du gymnase",  # type: ignore[arg-type]
        description="Une fresque peinte avec les enfants du quartier.",
        theme=theme,  # type: ignore[arg-type]
        images=[NewFile(ContentFile(b"x", name="a.jpg"))],
    )
    image = proposal.images.get()
    client.force_login(author)
    response = client.post(
        url(proposal.step, "edit", proposal),
        {**form_data(proposal), "remove_images": [image.pk], "images": [png_upload("b.png")]},
    )
    assert response.status_code == 302
    assert proposal.images.count() == 1
    assert proposal.images.get().pk != image.pk
    assert "images" in ProposalRevision.objects.get().changes


def test_nobody_but_staff_edits_after_the_collect(
    client: Client, process: Process, author: User, manager: User, resident: User
) -> None:
    proposal = ProposalFactory(step=collect_step_in(process, "after"), author=author)
    client.force_login(author)
    assert client.get(url(proposal.step, "edit", proposal)).status_code == 403
    client.force_login(resident)
    assert client.post(url(proposal.step, "edit", proposal), form_data(proposal)).status_code == 403
    client.force_login(manager)
    response = client.post(
        url(proposal.step, "edit", proposal),
        form_data(proposal, title="Titre corrigé par la ville"),
    )
    assert response.status_code == 302
    assert ProposalRevision.objects.get().author == manager


def test_the_author_withdraws_after_confirming(
    client: Client, proposal: Proposal, author: User
) -> None:
    client.force_login(author)
    assert (
        "C’est définitif" in client.get(url(proposal.step, "withdraw", proposal)).content.decode()
    )
    client.post(url(proposal.step, "withdraw", proposal))
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"
    assert proposal.status_changes.last().changed_by == author  # type: ignore[union-attr]
    assert "Des bancs" not in client.get(url(proposal.step)).content.decode()
    assert client.get(url(proposal.step, "edit", proposal)).status_code == 403


def test_the_history_is_for_staff_only(
    client: Client, proposal: Proposal, author: User, moderator: User
) -> None:
    assert client.get(url(proposal.step, "history", proposal)).status_code == 302
    client.force_login(author)
    client.post(url(proposal.step, "edit", proposal), form_data(proposal, title="Un nouveau titre"))
    assert client.get(url(proposal.step, "history", proposal)).status_code == 403
    client.force_login(moderator)
    page = client.get(url(proposal.step, "history", proposal)).content.decode()
    assert "Un nouveau titre" in page
    assert "Alice Autrice" in page
