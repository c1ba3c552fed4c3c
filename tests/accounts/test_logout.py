"""Log-out: a POST ends the session; a link followed by accident (GET) only asks."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.accounts.models import User

pytestmark = pytest.mark.django_db

LOGOUT_URL = "/accounts/logout/"


def test_it_logs_out_on_post(client: Client, resident: User) -> None:
    client.force_login(resident)

    response = client.post(LOGOUT_URL)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/profile/").status_code == 302


def test_a_get_asks_for_confirmation_and_keeps_the_session(client: Client, resident: User) -> None:
    client.force_login(resident)

    response = client.get(LOGOUT_URL)

    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert client.session["_auth_user_id"] == str(resident.pk)
