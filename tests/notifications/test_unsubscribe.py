"""The unsubscribe link works without logging in: a GET shows a button, a POST (RFC 8058
one-click, no CSRF token) unsubscribes at once; a forged or foreign token does nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.notifications.families import Family
from tessera.notifications.models import Preference
from tessera.notifications.tokens import ALL_FAMILIES, unsubscribe_token
from tests.conftest import OTHER_HOST

pytestmark = pytest.mark.django_db

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def url(user: User, family: str = Family.COMMENTS.value) -> str:
    return f"/notifications/unsubscribe/{unsubscribe_token(user_id=user.pk, family=family)}/"


def stopped(user: User) -> dict[str, str]:
    return dict(Preference.objects.filter(user=user).values_list("family", "frequency"))


def test_a_get_shows_a_button_and_unsubscribes_no_one(client: Client, resident: User) -> None:
    response = client.get(url(resident))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Me désabonner" in page
    assert 'name="List-Unsubscribe" value="One-Click"' in page
    assert stopped(resident) == {}


def test_the_one_click_post_unsubscribes_without_login_or_csrf_token(resident: User) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(url(resident), ONE_CLICK)
    assert response.status_code == 200
    assert "Vous êtes désabonné·e" in response.content.decode()
    assert stopped(resident) == {"comments": "never"}


def test_a_digest_link_stops_every_family(client: Client, resident: User) -> None:
    client.post(url(resident, ALL_FAMILIES), ONE_CLICK)
    assert stopped(resident) == {family.value: "never" for family in Family}


def test_the_page_speaks_the_recipient_s_language(client: Client, resident: User) -> None:
    resident.language = "en"
    resident.save()
    page = client.get(url(resident)).content.decode()
    assert "Unsubscribe" in page
    assert "Me désabonner" not in page


def test_a_post_without_the_one_click_field_changes_nothing(client: Client, resident: User) -> None:
    assert client.post(url(resident), {}).status_code == 400
    assert stopped(resident) == {}


def test_a_forged_token_is_refused(client: Client, resident: User) -> None:
    forged = url(resident)[:-3] + "xx/"
    assert client.post(forged, ONE_CLICK).status_code == 404
    assert stopped(resident) == {}


def test_a_token_of_another_site_s_user_does_nothing_here(
    resident: User, other_organization_admin: User
) -> None:
    response = Client(HTTP_HOST=OTHER_HOST).post(url(resident), ONE_CLICK)
    assert response.status_code == 404
    assert stopped(resident) == {}
