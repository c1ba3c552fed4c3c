"""Password reset: a link sent by e-mail, valid on the site of the account it was asked for."""

from __future__ import annotations

import pytest
from django.core.mail import EmailMessage
from django.test import Client

from tessera.accounts.models import User
from tessera.organizations.models import Organization
from tests.accounts.pages import errors_of, links_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

RESET_URL = "/accounts/password/reset/"
RESET_LINK = "/accounts/password/reset/key/"
NEW_PASSWORD = "a brand new passphrase"


def reset_link(client: Client, email: str, mailoutbox: list[EmailMessage]) -> str:
    response = client.post(RESET_URL, {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    [link] = [link for link in links_in(mailoutbox[-1]) if RESET_LINK in link]
    return link


def test_it_mails_a_reset_link_on_the_sites_own_host(
    client: Client, resident: User, mailoutbox: list[EmailMessage]
) -> None:
    link = reset_link(client, resident.email, mailoutbox)

    [message] = mailoutbox
    assert message.to == [resident.email]
    assert message.subject == "[Ville de Test] E-mail de réinitialisation de mot de passe"
    assert link.startswith(f"http://testserver{RESET_LINK}")


def test_the_link_lets_the_resident_choose_a_new_password(
    client: Client, resident: User, mailoutbox: list[EmailMessage]
) -> None:
    link = reset_link(client, resident.email, mailoutbox)

    form_page = client.get(link)  # allauth moves the key out of the address, into the session
    assert form_page.status_code == 302
    response = client.post(
        form_page["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/key/done/"
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)
    assert not resident.check_password(PASSWORD)
    client.post("/accounts/login/", {"login": resident.email, "password": NEW_PASSWORD})
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_the_new_password_must_pass_the_same_rules_as_at_sign_up(
    client: Client, resident: User, mailoutbox: list[EmailMessage]
) -> None:
    form_page = client.get(reset_link(client, resident.email, mailoutbox))

    response = client.post(form_page["Location"], {"password1": "court", "password2": "court"})

    assert response.status_code == 200
    assert errors_of(response)["password1"] == [
        "Ce mot de passe est trop court. Il doit contenir au minimum 10 caractères."
    ]
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)


def test_a_link_used_once_cannot_be_used_again(
    client: Client, resident: User, mailoutbox: list[EmailMessage]
) -> None:
    link = reset_link(client, resident.email, mailoutbox)
    form_page = client.get(link)
    client.post(form_page["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    replay = Client()
    response = replay.get(link)

    assert response.status_code == 200
    assert response.context["token_fail"]


def test_an_unknown_address_gets_no_reset_link_and_the_same_answer(
    client: Client, organization: Organization, mailoutbox: list[EmailMessage]
) -> None:
    response = client.post(RESET_URL, {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert not any(RESET_LINK in link for message in mailoutbox for link in links_in(message))


def test_a_reset_asked_on_another_site_sends_no_link_for_this_sites_account(
    other_client: Client,
    resident: User,
    other_organization: Organization,
    mailoutbox: list[EmailMessage],
) -> None:
    response = other_client.post(RESET_URL, {"email": resident.email})

    assert response.status_code == 302
    [message] = mailoutbox  # "no account here", on the other site's name
    assert message.subject == "[Autre Ville] Compte inconnu"
    assert not any(RESET_LINK in link for link in links_in(message))
    assert all(link.startswith("http://other.example/") for link in links_in(message))


def test_a_reset_link_does_not_work_on_another_organisations_site(
    client: Client,
    other_client: Client,
    resident: User,
    other_organization: Organization,
    mailoutbox: list[EmailMessage],
) -> None:
    link = reset_link(client, resident.email, mailoutbox)

    response = other_client.get(link.replace("testserver", "other.example"))

    assert response.status_code == 200
    assert response.context["token_fail"]
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)
