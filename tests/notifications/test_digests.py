"""Daily and weekly digests: due once per period, grouped by family, one e-mail each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from tessera.accounts.models import EmailFrequency, User
from tessera.notifications import clock, digests, events, fanout
from tessera.notifications.models import Delivery, Notification
from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_status_change
from tests.conftest import make_user
from tests.notifications.conftest import follow

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Monday 7:00: nothing is due yet
        (at(2026, 11, 23, 7, 0), {}),
        # Monday 8:00: the day's and the week's digests
        (at(2026, 11, 23, 8, 0), {"daily": "daily-2026-11-23", "weekly": "weekly-2026-W48"}),
        # Tuesday 7:59: still the week's digest (once per week), not yet the day's
        (at(2026, 11, 24, 7, 59), {"weekly": "weekly-2026-W48"}),
        # Sunday 23:00 belongs to the same ISO week
        (at(2026, 11, 29, 23, 0), {"daily": "daily-2026-11-29", "weekly": "weekly-2026-W48"}),
    ],
)
def test_the_due_periods_follow_the_local_calendar(moment: datetime, expected: dict) -> None:
    assert digests.due_periods(moment) == expected


def notify(proposal: Proposal, manager: User, to_status: str) -> None:
    change = proposal_status_change(proposal=proposal, to_status=to_status, changed_by=manager)
    event = events.status_change_record(change=change)
    assert event is not None
    fanout.event_fan_out(event)


def test_a_daily_reader_gets_one_digest_grouped_by_family_and_only_once(
    organization: Organization,
    process: Process,
    vote_step: Step,
    proposal: Proposal,
    manager: User,
    worker: Callable[[], int],
    outbox: list[mail.EmailMessage],
) -> None:
    reader = make_user(organization, display_name="Lecteur", email_frequency=EmailFrequency.DAILY)
    follow(reader, proposal=proposal)
    follow(reader, process=process)
    notify(proposal, manager, "under_analysis")
    notify(proposal, manager, "eligible")
    event = events.step_opened_record(step=vote_step)
    assert event is not None
    fanout.event_fan_out(event)
    # Nothing at once for a daily reader (the author, immediate, has their two e-mails).
    assert not Delivery.objects.filter(user=reader).exists()

    clock.clock_tick(now=at(2026, 11, 23, 9, 0))
    worker()
    [digest] = [message for message in outbox if message.to == [reader.email]]
    assert digest.subject == "Ville de Test : votre résumé du jour, 3 nouvelles"
    body = digest.body
    proposals_part = body.index("Les propositions que je suis")
    processes_part = body.index("Les démarches que je suis")
    assert proposals_part < body.index("En cours d’analyse") < body.index("Recevable")
    assert body.index("Recevable") < processes_part < body.index("Vote des habitants")
    assert digest.extra_headers["List-Unsubscribe"].startswith("<http://testserver/")

    # The clock ticks again the same day: nothing new to send.
    clock.clock_tick(now=at(2026, 11, 23, 9, 5))
    worker()
    assert len([message for message in outbox if message.to == [reader.email]]) == 1


def test_what_arrives_after_today_s_digest_waits_for_tomorrow(
    organization: Organization,
    proposal: Proposal,
    manager: User,
    worker: Callable[[], int],
    outbox: list[mail.EmailMessage],
) -> None:
    reader = make_user(organization, email_frequency=EmailFrequency.DAILY)
    follow(reader, proposal=proposal)
    notify(proposal, manager, "under_analysis")
    clock.clock_tick(now=at(2026, 11, 23, 9, 0))
    worker()
    notify(proposal, manager, "eligible")
    clock.clock_tick(now=at(2026, 11, 23, 18, 0))
    worker()
    assert len([m for m in outbox if m.to == [reader.email]]) == 1
    late = Notification.objects.get(user=reader, delivery__isnull=True)
    clock.clock_tick(now=at(2026, 11, 24, 8, 30))
    worker()
    assert len([m for m in outbox if m.to == [reader.email]]) == 2
    late.refresh_from_db()
    assert late.delivery is not None
    assert late.delivery.key == "daily-2026-11-24"


def test_a_weekly_reader_is_not_in_the_daily_digest(
    organization: Organization,
    proposal: Proposal,
    manager: User,
    worker: Callable[[], int],
    outbox: list[mail.EmailMessage],
) -> None:
    reader = make_user(organization, email_frequency=EmailFrequency.WEEKLY)
    follow(reader, proposal=proposal)
    notify(proposal, manager, "under_analysis")
    clock.clock_tick(now=at(2026, 11, 22, 9, 0))  # a Sunday: W47's weekly digest is due
    worker()
    [digest] = [m for m in outbox if m.to == [reader.email]]
    assert "résumé de la semaine" in digest.subject
