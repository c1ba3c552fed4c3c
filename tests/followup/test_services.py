"""The services: realisations from the winners, updates with their history, news, signals."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from tessera.accounts.models import Service, User
from tessera.accounts.services import account_delete
from tessera.core.images import reencode_image
from tessera.followup.models import NewsPost, Realisation, RealisationUpdate
from tessera.followup.services import news_post_publish, realisation_update, realisations_create
from tessera.followup.signals import news_published, realisation_updated
from tessera.followup.statuses import RealisationStatus
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.proposals.statuses import ProposalStatus
from tests.followup.conftest import image_upload

pytestmark = pytest.mark.django_db

S = RealisationStatus


@pytest.fixture
def received() -> Iterator[list[dict[str, Any]]]:
    """What receivers of both signals get, in order."""
    calls: list[dict[str, Any]] = []

    def receiver(sender: Any, signal: Any, **kwargs: Any) -> None:
        calls.append({"signal": signal, **kwargs})

    realisation_updated.connect(receiver, dispatch_uid="test-updated")
    news_published.connect(receiver, dispatch_uid="test-news")
    yield calls
    realisation_updated.disconnect(dispatch_uid="test-updated")
    news_published.disconnect(dispatch_uid="test-news")


def test_each_winner_becomes_a_realisation_with_what_its_proposal_said(
    followup_step: Step, winners: list[Proposal]
) -> None:
    created = realisations_create(step=followup_step)
    assert {r.proposal_id for r in created} == {p.pk for p in winners}
    trees = Realisation.objects.get(proposal=winners[0])
    assert trees.title == "Des arbres fruitiers"
    assert trees.status == S.TO_START
    assert trees.progress == 0
    assert trees.budget_voted == 30_000
    assert trees.district == winners[0].district
    assert trees.theme == winners[0].theme
    assert trees.address == "Place de la Gare"
    assert trees.process_id == followup_step.process_id
    assert trees.step == followup_step


def test_creating_the_realisations_twice_creates_them_once(
    followup_step: Step, winners: list[Proposal], collect_step: Step, theme: Any, author: User
) -> None:
    assert len(realisations_create(step=followup_step)) == 2
    assert realisations_create(step=followup_step) == []
    from tests.followup.conftest import winner

    late = winner(collect_step, theme, author, title="Un lauréat de plus")
    assert [r.proposal_id for r in realisations_create(step=followup_step)] == [late.pk]
    assert Realisation.objects.count() == 3


def test_realisations_are_created_from_a_follow_up_step_only(
    vote_step: Step, winners: list[Proposal]
) -> None:
    with pytest.raises(ValidationError):
        realisations_create(step=vote_step)


def test_an_update_records_who_changed_what(
    realisation: Realisation, manager: User, organization: Any
) -> None:
    service = Service.objects.create(organization=organization, name="Espaces verts")
    update = realisation_update(
        realisation=realisation,
        changed_by=manager,
        values={"status": S.STUDIES, "progress": 10, "service": service},
    )
    assert update is not None
    assert update.author == manager
    assert update.changes == {
        "status": ["to_start", "studies"],
        "progress": [0, 10],
        "service": [None, "Espaces verts"],
    }
    assert update.status_changed
    realisation.refresh_from_db()
    assert (realisation.status, realisation.progress, realisation.service) == (
        S.STUDIES,
        10,
        service,
    )


def test_dates_are_kept_in_the_history_as_iso_text(realisation: Realisation) -> None:
    end = timezone.localdate() + timedelta(days=90)
    update = realisation_update(
        realisation=realisation, changed_by=None, values={"planned_end": end}
    )
    assert update is not None
    assert update.changes == {"planned_end": [None, end.isoformat()]}
    assert not update.status_changed


def test_an_update_that_changes_nothing_records_nothing(realisation: Realisation) -> None:
    assert (
        realisation_update(realisation=realisation, changed_by=None, values={"progress": 0}) is None
    )
    assert not RealisationUpdate.objects.exists()


def test_it_refuses_an_invalid_move_and_changes_nothing(
    realisation: Realisation, manager: User
) -> None:
    with pytest.raises(ValidationError) as error:
        realisation_update(realisation=realisation, changed_by=manager, values={"status": S.DONE})
    assert "status" in error.value.message_dict
    realisation.refresh_from_db()
    assert realisation.status == S.TO_START
    assert not RealisationUpdate.objects.exists()


def test_it_refuses_abandoning_without_a_reason(realisation: Realisation) -> None:
    with pytest.raises(ValidationError) as error:
        realisation_update(realisation=realisation, changed_by=None, values={"status": S.ABANDONED})
    assert list(error.value.message_dict) == ["abandon_reason"]


def test_it_refuses_a_field_staff_may_not_change(realisation: Realisation) -> None:
    with pytest.raises(ValueError, match="proposal"):
        realisation_update(realisation=realisation, changed_by=None, values={"proposal": None})


def test_the_proposal_follows_its_realisation_to_the_end(realisation: Realisation) -> None:
    today = timezone.localdate()
    realisation_update(
        realisation=realisation,
        changed_by=None,
        values={"status": S.WORKS, "progress": 50, "actual_start": today},
    )
    proposal = Proposal.objects.get(pk=realisation.proposal_id)
    assert proposal.status == ProposalStatus.IN_PROGRESS
    realisation_update(
        realisation=realisation,
        changed_by=None,
        values={"status": S.DONE, "progress": 100, "actual_end": today},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DONE
    assert list(proposal.status_changes.values_list("to_status", flat=True)) == [
        ProposalStatus.IN_PROGRESS,
        ProposalStatus.DONE,
    ]


def test_an_abandoned_realisation_abandons_its_proposal(realisation: Realisation) -> None:
    realisation_update(
        realisation=realisation,
        changed_by=None,
        values={"status": S.ABANDONED, "abandon_reason": "Le terrain est vendu."},
    )
    assert Proposal.objects.get(pk=realisation.proposal_id).status == ProposalStatus.ABANDONED


def test_the_update_signal_is_sent_on_commit_only(
    realisation: Realisation,
    received: list[dict[str, Any]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        update = realisation_update(
            realisation=realisation, changed_by=None, values={"status": S.STUDIES}
        )
        assert received == []
    assert callbacks
    [call] = [c for c in received if c["signal"] is realisation_updated]
    assert call["realisation"].pk == realisation.pk
    assert call["update"] == update
    assert call["update"].status_changed


def test_news_is_rendered_sanitised_and_announced_on_commit(
    realisation: Realisation,
    manager: User,
    received: list[dict[str, Any]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        news = news_post_publish(
            realisation=realisation,
            author=manager,
            title="  Les travaux commencent ",
            body="**Lundi** <script>alert(1)</script>",
        )
        assert received == []
    assert news.title == "Les travaux commencent"
    assert "<strong>Lundi</strong>" in news.body_html
    assert "<script>" not in news.body_html
    assert [c["news"] for c in received if c["signal"] is news_published] == [news]


def test_news_keeps_a_re_encoded_image_under_the_organisation(realisation: Realisation) -> None:
    news = news_post_publish(
        realisation=realisation,
        author=None,
        title="Photo",
        body="Le chantier.",
        image=reencode_image(image_upload()),
        image_alt="Le chantier vu de la place",
    )
    assert news.image.name.startswith(f"{realisation.organization.slug}/followup/news/")
    with news.image.open() as stored, Image.open(stored) as picture:
        assert picture.format == "JPEG"
    assert news.image_alt == "Le chantier vu de la place"


def test_news_moves_the_realisation_up_in_the_latest(realisation: Realisation) -> None:
    before = Realisation.objects.get(pk=realisation.pk).updated_at
    news_post_publish(realisation=realisation, author=None, title="Info", body="Texte.")
    assert Realisation.objects.get(pk=realisation.pk).updated_at > before


def test_deleting_an_account_keeps_its_news_and_history_without_it(
    realisation: Realisation, manager: User
) -> None:
    news = news_post_publish(realisation=realisation, author=manager, title="Info", body="Texte.")
    realisation_update(realisation=realisation, changed_by=manager, values={"progress": 5})
    account_delete(user=manager)
    news.refresh_from_db()
    assert news.author is None
    assert RealisationUpdate.objects.get().author is None
    assert NewsPost.objects.count() == 1
