"""The clock: a step that opens and a vote that closes tomorrow are announced once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tessera.accounts.models import User
from tessera.notifications.clock import clock_tick
from tessera.notifications.models import Event
from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tests.conftest import make_user
from tests.factories import StepFactory
from tests.notifications.conftest import follow

pytestmark = pytest.mark.django_db


def test_a_step_opened_today_and_a_vote_closing_tomorrow_are_announced_once(
    organization: Organization,
    process: Process,
    vote_step: Step,
    worker: Callable[[], int],
    outbox: list[mail.EmailMessage],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    now = timezone.now()
    opened = StepFactory(
        process=process,
        title="Ateliers",
        starts_at=now - timedelta(hours=2),
        ends_at=now + timedelta(days=3),
    )
    StepFactory(process=process, starts_at=now - timedelta(days=3), ends_at=now + timedelta(days=9))
    collect = StepFactory(
        process=process,
        title="Dépôt",
        starts_at=now - timedelta(days=3),
        ends_at=now + timedelta(hours=5),
    )
    fan: User = make_user(organization, display_name="Fan")
    follow(fan, process=process)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        tick = clock_tick(now=now)
    assert (tick.steps_opened, tick.steps_closing) == (1, 2)
    assert set(Event.objects.values_list("key", flat=True)) == {
        f"step-opened:{opened.pk}",
        f"step-closing:{collect.pk}",
        f"vote-closing:{vote_step.pk}",
    }
    worker()
    assert {message.subject for message in outbox} == {
        "Budget 2026 : «\u00a0Ateliers\u00a0» est ouverte",
        "Budget 2026 : le vote «\u00a0Vote des habitants\u00a0» se termine demain",
        "Budget 2026 : «\u00a0Dépôt\u00a0» se termine demain",
    }
    reminder = next(m for m in outbox if "se termine" in m.subject)
    assert "Vous n’avez pas encore voté." in reminder.body
    # The clock ticks again (or runs on two machines): nothing is sent twice.
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        assert clock_tick(now=now + timedelta(minutes=5)).steps_opened == 0
    worker()
    assert len(outbox) == 3


def test_an_unpublished_process_is_not_announced(process: Process, vote_step: Step) -> None:
    process.is_published = False
    process.save()
    assert clock_tick().steps_closing == 0


def test_the_command_ticks_once(process: Process, vote_step: Step) -> None:
    out = StringIO()
    call_command("notifications_clock", stdout=out)
    assert "steps closing: 1" in out.getvalue()
