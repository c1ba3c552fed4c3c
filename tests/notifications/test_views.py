"""The notification centre, the header's count, the preferences page and the follow buttons."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tessera.accounts.models import EmailFrequency, User
from tessera.followup.models import Realisation
from tessera.notifications import ratelimit
from tessera.notifications.models import Event, Follow, Notification, Preference
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tessera.proposals.models import Proposal
from tests.followup.factories import RealisationFactory
from tests.notifications.conftest import logged_in

pytestmark = pytest.mark.django_db


def notify(user: User, count: int, read: bool = False) -> list[Notification]:
    made = []
    for number in range(count):
        event = Event.objects.create(
            organization=user.organization,
            kind="step_opened",
            family="processes",
            key=f"step-opened:{user.pk}:{number}:{Event.objects.count()}",
            payload={"process": "Budget 2026", "step": f"Étape {number}", "path": "/processes/"},
        )
        made.append(
            Notification.objects.create(
                organization=user.organization,
                event=event,
                user=user,
                email="never",
                created_at=timezone.now(),
                read_at=timezone.now() if read else None,
            )
        )
    return made


def queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


def test_the_header_names_the_unread_count_and_costs_no_query_once_warm(
    resident: User, process: Process
) -> None:
    notify(resident, 3)
    client = logged_in(resident)
    page = client.get("/processes/").content.decode()
    assert 'aria-label="Notifications, 3 non lues"' in page
    assert 'Notifications<span class="count-badge">3</span>' in page
    warm = queries(client, "/processes/")
    assert not [sql for sql in warm if "notifications_notification" in sql]


def test_reading_a_notification_lowers_the_count_at_once(resident: User) -> None:
    first, _second = notify(resident, 2)
    client = logged_in(resident)
    assert ">2</span>" in client.get("/notifications/").content.decode()
    response = client.post("/notifications/read/", {"notification": first.pk})
    assert response.status_code == 302
    page = client.get("/notifications/").content.decode()
    assert "1 notification non lue" in page
    client.post("/notifications/read/")
    assert "0 notification non lue" in client.get("/notifications/").content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_a_new_event_shows_in_the_count_of_a_warm_page(resident: User) -> None:
    from tessera.notifications.selectors import unread_counts_forget

    client = logged_in(resident)
    client.get("/notifications/")
    notify(resident, 1)
    unread_counts_forget(resident.organization_id)  # what the fan-out does
    assert "1 notification non lue" in client.get("/notifications/").content.decode()


def test_nobody_reads_or_marks_another_person_s_notifications(
    resident: User, moderator: User
) -> None:
    [theirs] = notify(moderator, 1)
    client = logged_in(resident)
    assert "Étape 0" not in client.get("/notifications/").content.decode()
    client.post("/notifications/read/", {"notification": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_centre_runs_the_same_queries_for_5_or_60_notifications(resident: User) -> None:
    notify(resident, 5)
    client = logged_in(resident)
    client.get("/notifications/")
    few = queries(client, "/notifications/")
    notify(resident, 55)
    client.get("/notifications/")
    many = queries(client, "/notifications/")
    assert len(many) == len(few) <= 8, many


def test_the_centre_asks_to_log_in(client: Client, organization: Organization) -> None:
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_preferences_default_to_the_account_choice_and_are_saved(resident: User) -> None:
    resident.email_frequency = EmailFrequency.WEEKLY
    resident.save()
    client = logged_in(resident)
    page = client.get("/notifications/preferences/").content.decode()
    assert '<option value="weekly" selected>' in page
    data = {"proposals": "immediately", "comments": "never", "realisations": "daily"}
    data |= {"processes": "weekly", "contributions": "weekly", "moderation": "immediately"}
    data |= {"news": "daily"}  # site-wide news: opted in here (its default is "never")
    response = client.post("/notifications/preferences/", data)
    assert response.status_code == 302
    saved = dict(Preference.objects.filter(user=resident).values_list("family", "frequency"))
    assert saved["comments"] == "never"
    assert saved["news"] == "daily"
    assert saved["proposals"] == "immediately"


def test_the_preferences_refuse_an_unknown_choice(resident: User) -> None:
    response = logged_in(resident).post("/notifications/preferences/", {"comments": "hourly"})
    assert response.status_code == 400
    assert not Preference.objects.exists()


def test_the_follow_button_follows_and_unfollows_a_proposal(
    resident: User, proposal: Proposal
) -> None:
    client = logged_in(resident)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'aria-pressed="false"' in page
    url = f"/notifications/follow/proposal/{proposal.pk}/"
    assert client.post(url, {"following": "1"})["Location"] == proposal.get_absolute_url()
    assert 'aria-pressed="true"' in client.get(proposal.get_absolute_url()).content.decode()
    client.post(url, {"following": "0"})
    # Unfollowing keeps the row: taking part again will not follow it behind their back.
    assert Follow.objects.get(user=resident, contribution=proposal.contribution).following is False


def test_the_process_and_realisation_pages_have_the_button(
    resident: User, process: Process, organization: Organization
) -> None:
    client = logged_in(resident)
    assert (
        "notifications/follow/process/" in client.get(process.get_absolute_url()).content.decode()
    )
    realisation: Realisation = RealisationFactory(step__process=process, organization=organization)
    response = client.post(
        f"/notifications/follow/realisation/{realisation.pk}/", {"following": "1"}
    )
    assert response.status_code == 302
    assert (
        "notifications/follow/realisation/"
        in client.get(realisation.get_absolute_url()).content.decode()
    )


def test_a_visitor_is_invited_to_log_in_to_follow(client: Client, process: Process) -> None:
    page = client.get(process.get_absolute_url()).content.decode()
    assert "Connectez-vous pour suivre ses nouvelles" in page


def test_following_is_rate_limited(resident: User, proposal: Proposal) -> None:
    client = logged_in(resident)
    url = f"/notifications/follow/proposal/{proposal.pk}/"
    for _attempt in range(ratelimit.FOLLOWS_PER_MINUTE):
        assert client.post(url, {"following": "1"}).status_code == 302
    assert client.post(url, {"following": "0"}).status_code == 429
