"""From an event to its recipients in the database: who is told, who is not, and only once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.utils import timezone

from tessera.accounts.models import EmailFrequency, User
from tessera.notifications import events, fanout
from tessera.notifications import tasks as notification_tasks
from tessera.notifications.models import Delivery, Event, Notification
from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_status_change
from tessera.voting.models import BallotDraft, Participation
from tests.conftest import make_user
from tests.notifications.conftest import follow

pytestmark = pytest.mark.django_db


def told(event: Event | None) -> set[str]:
    assert event is not None
    return set(
        Notification.objects.filter(event=event).values_list("user__display_name", flat=True)
    )


def status_event(proposal: Proposal, changed_by: User | None, answer: str = "") -> Event | None:
    change = proposal_status_change(
        proposal=proposal, to_status="under_analysis", changed_by=changed_by, public_answer=answer
    )
    event = events.status_change_record(change=change)
    assert event is not None
    fanout.event_fan_out(event)
    return event


def test_a_status_change_tells_followers_and_the_author_not_the_staff_who_made_it(
    organization: Organization, proposal: Proposal, manager: User
) -> None:
    fan = make_user(organization, display_name="Fan")
    quitter = make_user(organization, display_name="Quitter")
    stranger = make_user(organization, display_name="Stranger")
    follow(fan, proposal=proposal)
    follow(quitter, proposal=proposal, following=False)
    follow(manager, proposal=proposal)
    assert stranger.pk
    assert told(status_event(proposal, manager)) == {"Fan", "Alix Autrice"}


def test_an_author_who_unfollowed_their_proposal_is_not_told(
    proposal: Proposal, author: User, manager: User
) -> None:
    follow(author, proposal=proposal, following=False)
    assert told(status_event(proposal, manager)) == set()


def test_inactive_and_deleted_accounts_are_not_told(
    organization: Organization, proposal: Proposal, author: User, manager: User
) -> None:
    gone = make_user(organization, display_name="Gone", is_active=False)
    left = make_user(organization, display_name="Left", deleted_at=timezone.now())
    follow(gone, proposal=proposal)
    follow(left, proposal=proposal)
    assert told(status_event(proposal, manager)) == {"Alix Autrice"}


def test_followers_of_another_target_are_not_told(
    organization: Organization, proposal: Proposal, process: Process, manager: User
) -> None:
    process_fan = make_user(organization, display_name="Process fan")
    follow(process_fan, process=process)
    assert told(status_event(proposal, manager)) == {"Alix Autrice"}


def test_the_vote_reminder_skips_those_who_voted_and_adds_basket_holders(
    organization: Organization, process: Process, vote_step: Step
) -> None:
    waiting = make_user(organization, display_name="Waiting")
    voted = make_user(organization, display_name="Voted")
    basket = make_user(organization, display_name="Basket")
    basket_voted = make_user(organization, display_name="Basket voted")
    for user in (waiting, voted):
        follow(user, process=process)
    now = timezone.now()
    for user in (voted, basket_voted):
        Participation.objects.create(
            organization=organization, step=vote_step, voter=user, voted_at=now
        )
    for user in (basket, basket_voted):
        BallotDraft.objects.create(
            organization=organization, step=vote_step, voter=user, choices=[]
        )
    event = events.vote_closing_record(step=vote_step)
    assert event is not None
    fanout.event_fan_out(event)
    assert told(event) == {"Waiting", "Basket"}


def test_a_fan_out_run_twice_tells_each_person_once(
    organization: Organization, proposal: Proposal, manager: User
) -> None:
    for number in range(5):
        follow(make_user(organization, display_name=f"Fan {number}"), proposal=proposal)
    event = status_event(proposal, manager)
    assert event is not None
    assert fanout.event_fan_out(event) == 0
    assert Notification.objects.filter(event=event).count() == 6
    assert Delivery.objects.filter(key=fanout.immediate_key(event)).count() == 6


def test_an_event_recorded_twice_under_its_key_is_recorded_once(
    process: Process, vote_step: Step
) -> None:
    assert events.vote_closing_record(step=vote_step) is not None
    assert events.vote_closing_record(step=vote_step) is None
    assert Event.objects.filter(key=f"vote-closing:{vote_step.pk}").count() == 1


def test_each_recipient_gets_their_own_e_mail_choice(
    organization: Organization, proposal: Proposal, author: User, manager: User
) -> None:
    weekly = make_user(organization, display_name="Weekly", email_frequency=EmailFrequency.WEEKLY)
    unverified = make_user(organization, display_name="Unverified", email_verified=False)
    follow(weekly, proposal=proposal)
    follow(unverified, proposal=proposal)
    event = status_event(proposal, manager)
    choices = dict(
        Notification.objects.filter(event=event).values_list("user__display_name", "email")
    )
    assert choices == {
        "Alix Autrice": "immediately",
        "Weekly": "weekly",
        "Unverified": "immediately",
    }
    # An address never verified receives nothing; the notification stays on the site.
    assert set(
        Delivery.objects.filter(key=fanout.immediate_key(event)).values_list(
            "user__display_name", flat=True
        )
    ) == {"Alix Autrice"}


def test_a_retried_task_sends_nothing_twice(
    organization: Organization,
    proposal: Proposal,
    manager: User,
    worker: Callable[[], int],
    outbox: list[mail.EmailMessage],
) -> None:
    follow(make_user(organization, display_name="Fan"), proposal=proposal)
    change = proposal_status_change(
        proposal=proposal, to_status="under_analysis", changed_by=manager
    )
    event = events.status_change_record(change=change)
    assert event is not None
    notification_tasks.event_fan_out.enqueue(event_id=event.pk)
    worker()
    assert len(outbox) == 2
    # The worker died before marking its task done: the same tasks run again.
    notification_tasks.event_fan_out.enqueue(event_id=event.pk)
    for delivery in Delivery.objects.all():
        notification_tasks.deliveries_send.enqueue(delivery_ids=[delivery.pk])
    worker()
    assert len(outbox) == 2
