"""The Django admin pages of the follow-up, and the demo data (idempotent)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from tessera.accounts.models import User
from tessera.followup.demo import load_demo_followup
from tessera.followup.models import NewsPost, Realisation, RealisationUpdate
from tessera.followup.statuses import RealisationStatus
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.proposals.statuses import ProposalStatus
from tests.followup.factories import NewsPostFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/followup/realisation/",
        "/admin/followup/realisation/{realisation}/change/",
        "/admin/followup/newspost/",
        "/admin/followup/newspost/{news}/change/",
    ],
)
def test_the_admin_pages_open_for_an_administrator(
    client: Client, admin: User, realisation: Realisation, url: str
) -> None:
    client.force_login(admin)
    news = NewsPostFactory(realisation=realisation)
    response = client.get(url.format(realisation=realisation.pk, news=news.pk))
    assert response.status_code == 200


def test_editing_news_in_the_admin_renders_its_text_again(
    client: Client, admin: User, realisation: Realisation
) -> None:
    client.force_login(admin)
    news = NewsPostFactory(realisation=realisation)
    response = client.post(
        f"/admin/followup/newspost/{news.pk}/change/",
        {
            "title": "Corrigée",
            "body": "*Corrigée* <script>x</script>",
            "image_alt": "",
            "published_at_0": "2026-01-05",
            "published_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    news.refresh_from_db()
    assert "<em>Corrigée</em>" in news.body_html
    assert "<script>" not in news.body_html


def test_the_demo_follows_the_past_winners_once(
    process: Process, vote_step: Step, winners: list[Proposal], manager: User
) -> None:
    manager.email = "manager@demo.test"
    manager.save()
    message = load_demo_followup(past=process)
    assert message == "Demo follow-up: 2 realisations created for the 2025 winners"
    step = process.steps.get(kind="followup")
    assert step.starts_at == vote_step.ends_at
    first, second = Realisation.objects.order_by("pk")
    assert (first.status, first.progress) == (RealisationStatus.DONE, 100)
    assert Proposal.objects.get(pk=first.proposal_id).status == ProposalStatus.DONE
    assert second.status == RealisationStatus.WORKS
    assert first.news.filter(image__gt="").exists()
    counts = (RealisationUpdate.objects.count(), NewsPost.objects.count())

    # The demo command rebuilds the timelines it knows: the follow-up step goes, then returns.
    step.delete()
    assert load_demo_followup(past=process).startswith("Demo follow-up: 0 realisations")
    assert Realisation.objects.filter(step__kind="followup").count() == 2
    assert process.steps.filter(kind="followup").count() == 1
    assert (RealisationUpdate.objects.count(), NewsPost.objects.count()) == counts


def test_the_demo_command_follows_the_2025_edition_and_runs_twice_alike() -> None:
    call_command("demo", stdout=io.StringIO())
    first = sorted(Realisation.objects.values_list("proposal_id", "status", "progress"))
    call_command("demo", stdout=io.StringIO())
    past = Process.objects.get(slug="budget-participatif-2025")
    assert first
    assert sorted(Realisation.objects.values_list("proposal_id", "status", "progress")) == first
    assert past.steps.filter(kind="followup").count() == 1
    assert not Realisation.objects.filter(step__isnull=True).exists()
