"""The follow-up and results steps' settings: set in the timeline editor through HTTP, summed
up in the timeline, and obeyed by the public pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.followup.models import FollowupSettings, Realisation, ResultsSettings
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tests.factories import StepFactory
from tests.followup.conftest import publish_results
from tests.followup.factories import RealisationFactory
from tests.manage.conftest import client_of

pytestmark = pytest.mark.django_db


def settings_url(step: Step) -> str:
    return f"/manage/processes/{step.process.slug}/steps/{step.pk}/settings/"


def test_the_follow_up_shows_only_the_chosen_statuses_and_hides_the_budgets(
    manager: User,
    client: Client,
    followup_step: Step,
    realisation: Realisation,
    winners: list[Proposal],
) -> None:
    abandoned = RealisationFactory(
        step=followup_step, proposal=winners[1], title="Un projet abandonné"
    )
    Realisation.objects.filter(pk=abandoned.pk).update(
        status="abandoned", abandon_reason="Terrain indisponible"
    )
    staff = client_of(manager)
    chosen = {"statuses": ["to_start", "studies", "works", "done"]}
    assert staff.post(settings_url(followup_step), chosen).status_code == 302
    settings = FollowupSettings.objects.get(step=followup_step)
    assert not settings.budgets_public
    timeline = staff.get(f"/manage/processes/{followup_step.process.slug}/").content.decode()
    assert "Budgets non publiés" in timeline or "budgets non publiés" in timeline
    page = client.get(followup_step.get_absolute_url()).content.decode()
    assert realisation.title in page
    assert "Un projet abandonné" not in page
    detail = client.get(realisation.get_absolute_url()).content.decode()
    assert "Budget voté" not in detail


def test_every_status_ticked_is_stored_as_every_status(manager: User, followup_step: Step) -> None:
    every = {
        "statuses": ["to_start", "studies", "works", "done", "abandoned"],
        "budgets_public": "on",
    }
    client_of(manager).post(settings_url(followup_step), every)
    assert FollowupSettings.objects.get(step=followup_step).statuses == []


def test_no_status_at_all_is_refused_next_to_the_field(manager: User, followup_step: Step) -> None:
    response = client_of(manager).post(settings_url(followup_step), {"budgets_public": "on"})
    assert response.status_code == 400
    assert 'id="id_statuses_error"' in response.content.decode()
    assert not FollowupSettings.objects.filter(step=followup_step).exists()


def test_the_results_step_introduces_the_winners_as_set(
    manager: User,
    client: Client,
    process: Process,
    vote_step: Step,
    winners: list[Proposal],
) -> None:
    results_step = StepFactory(
        process=process,
        kind="results",
        title="Les lauréats",
        starts_at=vote_step.ends_at,
        ends_at=vote_step.ends_at + timedelta(days=10),
    )
    publish_results(vote_step, {winners[0].pk: 412})
    data = {"introduction": "Merci aux **3 000** votants !", "show_turnout": "on"}
    assert client_of(manager).post(settings_url(results_step), data).status_code == 302
    assert ResultsSettings.objects.get(step=results_step).show_scores is False
    page = client.get(results_step.get_absolute_url()).content.decode()
    assert "<strong>3 000</strong>" in page
    assert f'data-winner="{winners[0].pk}"' in page
    assert "412" not in page
    assert f"/steps/{vote_step.pk}/vote/results/" in page
