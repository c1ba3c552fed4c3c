"""The timeline editor: add, edit and remove steps; overlaps shown next to the date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tessera.accounts.models import User
from tessera.processes.models import Process
from tests.factories import StepFactory
from tests.manage.conftest import client_of
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def local(moment: object) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")  # type: ignore[arg-type]


def step_data(process: Process, **changes: object) -> dict[str, object]:
    vote = process.steps.get(kind="vote")
    data: dict[str, object] = {
        "kind": "presentation",
        "title": "Résultats",
        "starts_at": local(vote.ends_at + timedelta(minutes=1)),
        "ends_at": local(vote.ends_at + timedelta(days=30)),
        "description": "Les **lauréats**.",
    }
    data.update(changes)
    return data


def test_a_manager_adds_a_step_after_the_last_one(manager: User, process: Process) -> None:
    response = client_of(manager).post(f"/manage/processes/{process.slug}/", step_data(process))
    assert response.status_code == 302
    step = process.steps.get(title="Résultats")
    assert "<strong>lauréats</strong>" in step.description_html
    process.refresh_from_db()
    assert process.ends_at == step.ends_at


def test_an_overlap_is_shown_next_to_the_date_and_nothing_typed_is_lost(
    manager: User, process: Process
) -> None:
    collect = process.steps.get(kind="collect")
    data = step_data(
        process, starts_at=local(collect.starts_at + timedelta(days=1)), title="Atelier"
    )
    response = client_of(manager).post(f"/manage/processes/{process.slug}/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert not process.steps.filter(title="Atelier").exists()
    error_at = page.index('id="id_starts_at_error"')
    assert "Dépôt" in page[error_at : error_at + 400]
    assert 'value="Atelier"' in page
    assert "Les **lauréats**." in page


def test_an_end_before_the_start_is_refused_on_the_end(manager: User, process: Process) -> None:
    vote = process.steps.get(kind="vote")
    data = step_data(
        process,
        starts_at=local(vote.ends_at + timedelta(days=30)),
        ends_at=local(vote.ends_at + timedelta(days=1)),
    )
    page = client_of(manager).post(f"/manage/processes/{process.slug}/", data).content.decode()
    assert 'id="id_ends_at_error"' in page


def test_editing_a_step_keeps_it_from_overlapping_itself(manager: User, process: Process) -> None:
    collect = process.steps.get(kind="collect")
    data = {
        "kind": "collect",
        "title": "Dépôt des idées",
        "starts_at": local(collect.starts_at),
        "ends_at": local(collect.ends_at),
        "description": "",
    }
    response = client_of(manager).post(
        f"/manage/processes/{process.slug}/steps/{collect.pk}/", data
    )
    assert response.status_code == 302
    collect.refresh_from_db()
    assert collect.title == "Dépôt des idées"


def test_a_step_with_contributions_is_not_removed(manager: User, process: Process) -> None:
    collect = process.steps.get(kind="collect")
    ProposalFactory(step=collect)
    client_of(manager).post(f"/manage/processes/{process.slug}/steps/{collect.pk}/remove/")
    assert process.steps.filter(pk=collect.pk).exists()


def test_an_empty_step_is_removed(manager: User, process: Process) -> None:
    vote = process.steps.get(kind="vote")
    client_of(manager).post(f"/manage/processes/{process.slug}/steps/{vote.pk}/remove/")
    assert not process.steps.filter(pk=vote.pk).exists()


def test_the_timeline_shows_each_kind_and_the_vote_settings_link(
    manager: User, process: Process
) -> None:
    page = client_of(manager).get(f"/manage/processes/{process.slug}/").content.decode()
    vote = process.steps.get(kind="vote")
    assert f"/processes/{process.slug}/steps/{vote.pk}/vote/manage/" in page


def test_the_timeline_and_a_step_run_a_bounded_number_of_queries(
    manager: User, process: Process, django_assert_max_num_queries: object
) -> None:
    vote = process.steps.get(kind="vote")
    for number in range(10):
        start = vote.ends_at + timedelta(days=number)
        StepFactory(
            process=process,
            kind="collect",
            title=f"Dépôt {number}",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
    client = client_of(manager)
    client.get(f"/manage/processes/{process.slug}/")
    # One query per collect step (its settings, for its summary): the timeline has a handful.
    with django_assert_max_num_queries(30):  # type: ignore[operator]
        client.get(f"/manage/processes/{process.slug}/")
    collect = process.steps.get(title="Dépôt")
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        client.get(f"/manage/processes/{process.slug}/steps/{collect.pk}/")
