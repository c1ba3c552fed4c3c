"""Rate limits: guessing passwords is slowed, then stopped with our own "too many attempts" page."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.accounts.models import User
from tests.accounts.pages import errors_of
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
WRONG_PASSWORD = {"password": "guess number n"}
# settings.ACCOUNT_RATE_LIMITS: "login_failed" 5 per 5 minutes per address, "login" 30/m/ip.
FAILURES_PER_ADDRESS = 5
LOGINS_PER_MINUTE = 30


def test_after_five_failures_the_address_is_locked_even_with_the_right_password(
    client: Client, resident: User
) -> None:
    for _ in range(FAILURES_PER_ADDRESS):
        response = client.post(LOGIN_URL, {"login": resident.email, **WRONG_PASSWORD})
        assert errors_of(response)["__all__"] == [
            "L’adresse e-mail ou le mot de passe sont incorrects."
        ]

    response = client.post(LOGIN_URL, {"login": resident.email, "password": PASSWORD})

    assert response.status_code == 200
    assert errors_of(response)["__all__"] == [
        "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement."
    ]
    assert "_auth_user_id" not in client.session


def test_the_lock_of_one_address_leaves_the_others_free(
    client: Client, resident: User, moderator: User
) -> None:
    for _ in range(FAILURES_PER_ADDRESS + 1):
        client.post(LOGIN_URL, {"login": resident.email, **WRONG_PASSWORD})

    client.post(LOGIN_URL, {"login": moderator.email, "password": PASSWORD})

    assert client.session["_auth_user_id"] == str(moderator.pk)


def test_repeated_log_in_attempts_end_in_our_429_page(client: Client, resident: User) -> None:
    statuses = [
        client.post(LOGIN_URL, {"login": resident.email, **WRONG_PASSWORD}).status_code
        for _ in range(LOGINS_PER_MINUTE)
    ]
    assert statuses == [200] * LOGINS_PER_MINUTE

    response = client.post(LOGIN_URL, {"login": resident.email, "password": PASSWORD})

    assert response.status_code == 429
    page = response.content.decode()
    assert "<h1>Trop de tentatives</h1>" in page
    assert 'class="skip-link"' in page  # our layout, not a bare server error
    assert "Ville de Test" in page
    assert 'href="/accounts/password/reset/"' in page
    assert "_auth_user_id" not in client.session
