"""Two-factor authentication: staff can set up an authenticator app (TOTP) for their account."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.organizations.models import Organization
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

MFA_URL = "/accounts/2fa/"
TOTP_ACTIVATE_URL = "/accounts/2fa/totp/activate/"


def test_an_administrator_opens_the_two_factor_page(client: Client, admin: User) -> None:
    client.force_login(admin)

    response = client.get(MFA_URL)

    assert response.status_code == 200
    assert TOTP_ACTIVATE_URL in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_log_in(
    client: Client, organization: Organization
) -> None:
    response = client.get(MFA_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_activating_an_app_first_asks_for_the_password_again(client: Client, admin: User) -> None:
    client.force_login(admin)

    response = client.get(TOTP_ACTIVATE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_the_authenticator_app_shows_the_organisation_as_issuer(
    client: Client, admin: User
) -> None:
    client.force_login(admin)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.get(TOTP_ACTIVATE_URL)

    assert response.status_code == 200
    totp_url = urlparse(response.context["totp_url"])
    assert totp_url.scheme == "otpauth"
    assert parse_qs(totp_url.query)["issuer"] == ["Ville de Test"]
