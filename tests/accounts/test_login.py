"""Log-in: by e-mail and password, and only once the e-mail address is verified."""

from __future__ import annotations

import pytest
from django.core.mail import EmailMessage
from django.test import Client

from tessera.accounts.models import User
from tests.accounts.pages import errors_of, links_in, values_of
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


def test_a_verified_resident_logs_in_and_lands_on_the_home_page(
    client: Client, resident: User
) -> None:
    response = client.post(LOGIN_URL, {"login": resident.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_the_address_is_not_case_sensitive(client: Client, resident: User) -> None:
    response = client.post(LOGIN_URL, {"login": resident.email.upper(), "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_it_goes_back_to_the_page_that_asked_for_a_log_in(client: Client, resident: User) -> None:
    response = client.post(
        f"{LOGIN_URL}?next=/accounts/profile/", {"login": resident.email, "password": PASSWORD}
    )

    assert response["Location"] == "/accounts/profile/"


def test_it_refuses_a_wrong_password_without_saying_which_part_was_wrong(
    client: Client, resident: User
) -> None:
    response = client.post(LOGIN_URL, {"login": resident.email, "password": "not my password"})

    assert response.status_code == 200
    assert errors_of(response)["__all__"] == [
        "L’adresse e-mail ou le mot de passe sont incorrects."
    ]
    assert values_of(response)["login"] == resident.email
    assert "_auth_user_id" not in client.session


def test_an_unknown_address_gets_the_same_answer_as_a_wrong_password(
    client: Client, resident: User
) -> None:
    response = client.post(LOGIN_URL, {"login": "nobody@example.org", "password": PASSWORD})

    assert response.status_code == 200
    assert errors_of(response)["__all__"] == [
        "L’adresse e-mail ou le mot de passe sont incorrects."
    ]


def test_an_unverified_resident_is_sent_to_the_verification_page_with_a_new_link(
    client: Client, unverified_resident: User, mailoutbox: list[EmailMessage]
) -> None:
    response = client.post(LOGIN_URL, {"login": unverified_resident.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    [message] = mailoutbox
    assert message.to == [unverified_resident.email]
    [link] = links_in(message)
    assert link.startswith("http://testserver/accounts/confirm-email/")


def test_a_deactivated_account_cannot_log_in(client: Client, resident: User) -> None:
    User.objects.filter(pk=resident.pk).update(is_active=False)

    response = client.post(LOGIN_URL, {"login": resident.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/inactive/"
    assert "_auth_user_id" not in client.session
