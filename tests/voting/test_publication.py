"""Publishing in the background: a preview first, an explicit confirmation, progress shown,
a double click publishes once, a failure is shown to staff and can be tried again."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from tessera.accounts.models import User
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting import labels
from tessera.voting.models import Publication, Results, VoteSettings
from tests.conftest import run_tasks
from tests.voting.conftest import vote_step_in, vote_url
from tests.voting.test_results import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_step(process: Process, proposals: list[Proposal]) -> Step:
    step = vote_step_in(process, "after", budget=70_000)
    p60, p30, p20, p10 = proposals
    cast(step, (5, [p60, p20]), (3, [p30]), (2, [p10, p20]))
    return step


@pytest.fixture
def staff(client: Client, manager: User) -> Client:
    client.force_login(manager)
    return client


def test_the_preview_shows_the_outcome_and_the_rule_and_publishes_nothing(
    staff: Client, closed_step: Step, proposals: list[Proposal]
) -> None:
    staff.get(vote_url(closed_step, "manage/publish"))  # warms the step's cache
    with CaptureQueriesContext(connection) as queries:
        page = staff.get(vote_url(closed_step, "manage/publish"))
    assert page.status_code == 200
    assert len(queries.captured_queries) <= 20
    assert str(labels.rule_label("greedy")) in page.text
    for proposal in proposals:
        assert proposal.title in page.text
    assert not Results.objects.exists()
    assert not Publication.objects.exists()
    unconfirmed = staff.post(vote_url(closed_step, "manage/publish"))
    assert unconfirmed.status_code == 400
    assert not Publication.objects.exists()


def test_a_double_click_publishes_once_and_the_progress_is_shown(
    staff: Client, closed_step: Step, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = staff.post(vote_url(closed_step, "manage/publish"), {"confirm": "on"})
        second = staff.post(vote_url(closed_step, "manage/publish"), {"confirm": "on"})
    assert first.status_code == second.status_code == 302
    assert second["Location"].endswith("/manage/publication/")
    assert DBTaskResult.objects.count() == 1
    waiting = staff.get(vote_url(closed_step, "manage/publication"))
    assert 'data-running="true"' in waiting.text
    assert run_tasks() == 1
    assert Results.objects.count() == 1
    done = staff.get(vote_url(closed_step, "manage/publication"))
    assert Publication.objects.get().state == "done"
    assert 'data-running="false"' in done.text
    assert done.text.count("<li>") >= 2  # the ballots mixed in, then the scope counted
    with django_capture_on_commit_callbacks(execute=True):
        again = staff.post(vote_url(closed_step, "manage/publish"), {"confirm": "on"})
    assert again["Location"].endswith("/manage/publication/")
    assert run_tasks() == 0


def test_a_failed_publication_is_shown_and_can_be_asked_again(
    staff: Client, closed_step: Step, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(vote_url(closed_step, "manage/publish"), {"confirm": "on"})
    # Written around the form after the confirmation: the count refuses these settings.
    VoteSettings.objects.filter(step=closed_step).update(tally_rule="ranked")
    cache.clear()  # the update went around the signals that forget the step's snapshot
    run_tasks()
    publication = Publication.objects.get()
    assert publication.state == "failed"
    assert publication.error
    page = staff.get(vote_url(closed_step, "manage/publication"))
    assert publication.error in page.text.replace("&#x27;", "'")
    assert not Results.objects.exists()
    VoteSettings.objects.filter(step=closed_step).update(tally_rule="greedy")
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(vote_url(closed_step, "manage/publish"), {"confirm": "on"})
    run_tasks()
    assert Publication.objects.get().state == "done"
    assert Results.objects.exists()


def test_residents_reach_neither_the_preview_nor_the_progress(
    client: Client, resident: User, closed_step: Step
) -> None:
    client.force_login(resident)
    for name in ("manage/publish", "manage/publication"):
        assert client.get(vote_url(closed_step, name)).status_code == 403
