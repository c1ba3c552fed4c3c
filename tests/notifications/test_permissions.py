"""Who may do what with notifications: a role × action matrix, checked on the server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import User
from tessera.notifications.models import Delivery, DeliveryStatus
from tessera.processes.models import Process, Visibility
from tessera.proposals.models import Proposal
from tests.conftest import OTHER_HOST

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "unverified_resident",
    "resident",
    "author",
    "moderator",
    "manager",
    "admin",
    "other_organization_admin",
]


def client_for(persona: str, request: pytest.FixtureRequest) -> Client:
    client = Client(HTTP_HOST=OTHER_HOST if persona == "other_organization_admin" else "testserver")
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


FOLLOW = {
    "anonymous": 302,  # to the log-in page
    "unverified_resident": 403,
    "resident": 302,
    "author": 302,
    "moderator": 302,
    "manager": 302,
    "admin": 302,
    "other_organization_admin": 404,  # the proposal does not exist on their site
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_follow_a_proposal(
    persona: str, proposal: Proposal, request: pytest.FixtureRequest
) -> None:
    response = client_for(persona, request).post(
        f"/notifications/follow/proposal/{proposal.pk}/", {"following": "1"}
    )
    assert response.status_code == FOLLOW[persona]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("resident", 403), ("manager", 302), ("admin", 302)],
)
def test_a_restricted_process_is_followed_only_by_those_who_see_it(
    persona: str, expected: int, process: Process, request: pytest.FixtureRequest
) -> None:
    process.visibility = Visibility.RESTRICTED
    process.save()
    response = client_for(persona, request).post(
        f"/notifications/follow/process/{process.pk}/", {"following": "1"}
    )
    assert response.status_code == expected


FAILURES = {
    "anonymous": 302,
    "unverified_resident": 403,
    "resident": 403,
    "author": 403,
    "moderator": 403,
    "manager": 403,
    "admin": 200,
    "other_organization_admin": 200,  # their own site's failures: none of this one's
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_the_failed_e_mails(
    persona: str, author: User, request: pytest.FixtureRequest
) -> None:
    Delivery.objects.create(
        organization=author.organization,
        user=author,
        key="event-1",
        frequency="immediately",
        status=DeliveryStatus.FAILED,
        last_error="SMTPRecipientsRefused",
        attempts=5,
    )
    response = client_for(persona, request).get("/manage/notifications/failures/")
    assert response.status_code == FAILURES[persona]
    if persona == "other_organization_admin":
        assert "alix@example.org" not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_administrators_send_a_failed_e_mail_again(
    persona: str, author: User, request: pytest.FixtureRequest
) -> None:
    delivery = Delivery.objects.create(
        organization=author.organization,
        user=author,
        key="event-1",
        frequency="immediately",
        status=DeliveryStatus.FAILED,
        created_at=timezone.now() - timedelta(hours=1),
    )
    client_for(persona, request).post(f"/manage/notifications/failures/{delivery.pk}/retry/")
    delivery.refresh_from_db()
    expected = DeliveryStatus.PENDING if persona == "admin" else DeliveryStatus.FAILED
    assert delivery.status == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_centre_and_preferences_are_one_s_own(
    persona: str, request: pytest.FixtureRequest, author: User
) -> None:
    client = client_for(persona, request)
    for url in ("/notifications/", "/notifications/preferences/"):
        expected = 302 if persona == "anonymous" else 200
        assert client.get(url).status_code == expected
