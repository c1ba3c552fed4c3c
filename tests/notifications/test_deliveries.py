"""A failed send is retried later with back-off, then left failed with its error for staff;
through the database task backend and, once, through the real worker command."""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tessera.accounts.models import User
from tessera.notifications import clock, deliveries, events, tasks
from tessera.notifications.models import Delivery, DeliveryStatus, Event
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_status_change
from tests.notifications.conftest import logged_in, make_due

SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"


def test_the_delay_grows_between_attempts() -> None:
    assert [deliveries.retry_delay(n) for n in (1, 2, 3, 4)] == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=25),
        timedelta(minutes=125),
    ]


def status_event(proposal: Proposal, manager: User) -> None:
    change = proposal_status_change(
        proposal=proposal, to_status="under_analysis", changed_by=manager
    )
    event = events.status_change_record(change=change)
    assert event is not None
    tasks.event_fan_out.enqueue(event_id=event.pk)


@pytest.mark.django_db
def test_a_failed_send_is_retried_later_and_then_succeeds(
    proposal: Proposal,
    manager: User,
    worker: Callable[[], int],
    outbox: list[mail.EmailMessage],
) -> None:
    status_event(proposal, manager)
    with mock.patch(SEND, side_effect=smtplib.SMTPServerDisconnected("server away")):
        worker()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert "server away" in delivery.last_error
    assert delivery.next_attempt_at is not None
    # The retry waits for its time: running the worker now sends nothing.
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > delivery.next_attempt_at - timedelta(seconds=1)
    worker()
    assert outbox == []
    make_due()
    Delivery.objects.update(next_attempt_at=None)
    worker()
    assert len(outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 2


@pytest.mark.django_db
def test_after_the_last_attempt_the_failure_is_shown_to_staff_who_send_it_again(
    proposal: Proposal,
    manager: User,
    admin: User,
    worker: Callable[[], int],
    outbox: list[mail.EmailMessage],
) -> None:
    status_event(proposal, manager)
    with mock.patch(SEND, side_effect=smtplib.SMTPRecipientsRefused({})):
        for _attempt in range(deliveries.MAX_ATTEMPTS):
            make_due()
            Delivery.objects.update(next_attempt_at=None)
            worker()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == deliveries.MAX_ATTEMPTS
    assert not DBTaskResult.objects.filter(status="READY").exists()

    client = logged_in(admin)
    page = client.get("/manage/notifications/failures/").content.decode()
    assert "alix@example.org" in page
    assert "SMTPRecipientsRefused" in page
    client.post(f"/manage/notifications/failures/{delivery.pk}/retry/")
    worker()
    assert len(outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_sends_the_queued_mail_once(
    proposal: Proposal, manager: User, outbox: list[mail.EmailMessage]
) -> None:
    # Committed for real: the service's announcement records the event and enqueues its task.
    proposal_status_change(proposal=proposal, to_status="under_analysis", changed_by=manager)
    options = ["--batch", "--no-startup-delay", "--no-reload", "--interval", "0.01"]
    call_command("db_worker", *options, verbosity=0)
    assert [message.to for message in outbox] == [["alix@example.org"]]
    # A task run again (a worker killed before recording it) sends nothing more.
    tasks.deliveries_send.enqueue(delivery_ids=list(Delivery.objects.values_list("pk", flat=True)))
    call_command("db_worker", *options, verbosity=0)
    assert len(outbox) == 1
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_the_failures_page_asks_to_log_in(client: Client, organization: object) -> None:
    response = client.get("/manage/notifications/failures/")
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_send_interrupted_by_a_dead_worker_is_failed_for_staff_not_sent_again(
    proposal: Proposal, manager: User, worker: Callable[[], int], outbox: list[mail.EmailMessage]
) -> None:
    status_event(proposal, manager)
    tasks.event_fan_out.call(event_id=Event.objects.get().pk)  # the fan-out alone
    delivery = Delivery.objects.get()
    claimed = timezone.now() - deliveries.SENDING_TIMEOUT
    # The worker claimed it, then died before recording the outcome.
    Delivery.objects.update(status=DeliveryStatus.SENDING, attempts=1, claimed_at=claimed)
    assert clock.clock_tick(now=claimed + deliveries.SENDING_TIMEOUT / 2).interrupted == 0
    assert clock.clock_tick(now=claimed + deliveries.SENDING_TIMEOUT * 2).interrupted == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "interrompu" in delivery.last_error or "interrupted" in delivery.last_error
    worker()
    assert outbox == []
