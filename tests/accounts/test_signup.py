"""Sign-up: an account in the site's organisation, usable once its e-mail address is verified."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.mail import EmailMessage
from django.test import Client

from tessera.accounts.models import User
from tessera.branding.models import ContentPage
from tessera.organizations.models import Organization
from tests.accounts.pages import errors_of, links_in, values_of
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"


def signup_form(**fields: str) -> dict[str, str]:
    return {
        "display_name": "Zoé Dupont",
        "email": "zoe@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_terms": "on",
    } | fields


def test_it_creates_an_unverified_account_in_the_sites_organisation(
    client: Client, organization: Organization, mailoutbox: list[EmailMessage]
) -> None:
    response = client.post(SIGNUP_URL, signup_form())

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="zoe@example.org")
    assert user.organization == organization
    assert user.display_name == "Zoé Dupont"
    assert user.terms_accepted_at is not None
    assert user.language == "fr"
    assert not user.email_verified
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("zoe@example.org", False, True)
    assert "_auth_user_id" not in client.session


def test_it_sends_a_verification_link_on_the_sites_own_host(
    client: Client, organization: Organization, mailoutbox: list[EmailMessage]
) -> None:
    client.post(SIGNUP_URL, signup_form())

    [message] = mailoutbox
    assert message.to == ["zoe@example.org"]
    assert message.subject == "[Ville de Test] Confirmez votre adresse e-mail"
    [link] = links_in(message)
    assert link.startswith("http://testserver/accounts/confirm-email/")


def test_confirming_the_address_in_the_same_browser_logs_the_person_in(
    client: Client, organization: Organization, mailoutbox: list[EmailMessage]
) -> None:
    client.post(SIGNUP_URL, signup_form())
    [link] = links_in(mailoutbox[0])

    assert client.get(link).status_code == 200  # a page asking to confirm, not yet verified
    assert not User.objects.get(email="zoe@example.org").email_verified
    response = client.post(link)

    assert response.status_code == 302
    user = User.objects.get(email="zoe@example.org")
    assert user.email_verified
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)  # no password to type again


def test_the_link_opened_in_another_browser_verifies_but_asks_for_the_password(
    client: Client, organization: Organization, mailoutbox: list[EmailMessage]
) -> None:
    client.post(SIGNUP_URL, signup_form())
    [link] = links_in(mailoutbox[0])
    elsewhere = Client()

    assert elsewhere.post(link).status_code == 302
    user = User.objects.get(email="zoe@example.org")
    assert user.email_verified
    assert "_auth_user_id" not in elsewhere.session
    response = elsewhere.post(
        "/accounts/login/", {"login": "zoe@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert elsewhere.session["_auth_user_id"] == str(user.pk)


def test_a_forged_verification_link_verifies_nothing(
    client: Client, organization: Organization, mailoutbox: list[EmailMessage]
) -> None:
    client.post(SIGNUP_URL, signup_form())
    [link] = links_in(mailoutbox[0])

    client.post(link.replace("confirm-email/", "confirm-email/x"))

    assert not User.objects.get(email="zoe@example.org").email_verified


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"display_name": ""}, "display_name", "Ce champ est obligatoire."),
        ({"display_name": "   "}, "display_name", "Ce champ est obligatoire."),
        (
            {"accept_terms": ""},
            "accept_terms",
            "Vous devez accepter les conditions d’utilisation pour créer un compte.",
        ),
        (
            {"password2": "another horse battery staple"},
            "password2",
            "Vous devez saisir deux fois le même mot de passe.",
        ),
        (
            {"password1": "court", "password2": "court"},
            "password1",
            "Ce mot de passe est trop court. Il doit contenir au minimum 10 caractères.",
        ),
        (
            {"password1": "azertyuiop", "password2": "azertyuiop"},
            "password1",
            "Ce mot de passe est trop courant.",
        ),
        ({"email": "zoe@"}, "email", "Saisissez une adresse de courriel valide."),
    ],
    ids=[
        "no display name",
        "a blank display name",
        "terms not accepted",
        "passwords that differ",
        "a short password",
        "a common password",
        "an invalid e-mail",
    ],
)
def test_it_refuses_a_bad_form_and_keeps_what_was_typed(
    client: Client,
    organization: Organization,
    mailoutbox: list[EmailMessage],
    fields: dict[str, str],
    field: str,
    error: str,
) -> None:
    typed = signup_form(**fields)
    response = client.post(SIGNUP_URL, typed)

    assert response.status_code == 200
    assert error in errors_of(response)[field]
    shown = values_of(response)
    assert shown["email"] == typed["email"]
    assert shown.get("display_name", "") == typed["display_name"]
    assert "password1" not in shown or shown["password1"] == ""  # never sent back to the page
    assert not User.objects.exists()
    assert mailoutbox == []


def test_an_address_already_used_here_gets_a_warning_mail_and_no_second_account(
    client: Client, resident: User, mailoutbox: list[EmailMessage]
) -> None:
    response = client.post(
        SIGNUP_URL, signup_form(display_name="Usurpateur", email=resident.email.upper())
    )

    # The same answer as a real sign-up: the page must not tell who has an account.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert list(User.objects.filter(organization=resident.organization)) == [resident]
    [message] = mailoutbox
    assert message.to == [resident.email]
    assert message.subject == "[Ville de Test] Ce compte existe déjà"
    assert "http://testserver/accounts/password/reset/" in links_in(message)


def test_the_same_address_on_another_organisations_site_gets_its_own_account(
    other_client: Client,
    resident: User,
    other_organization: Organization,
    mailoutbox: list[EmailMessage],
) -> None:
    response = other_client.post(SIGNUP_URL, signup_form(email=resident.email))

    assert response.status_code == 302
    newcomer = User.objects.get(organization=other_organization)
    assert newcomer.email == resident.email
    assert newcomer != resident
    [message] = mailoutbox
    assert message.subject == "[Autre Ville] Confirmez votre adresse e-mail"
    [link] = links_in(message)
    assert link.startswith("http://other.example/accounts/confirm-email/")

    other_client.post(link)

    newcomer.refresh_from_db()
    resident.refresh_from_db()
    assert newcomer.email_verified
    assert EmailAddress.objects.filter(email=resident.email, verified=True).count() == 2
    assert resident.email_verified


def test_the_mail_speaks_in_the_organisations_name_not_the_host(
    client: Client, organization: Organization, mailoutbox: list
) -> None:
    client.post(
        "/accounts/signup/",
        {
            "display_name": "Camille",
            "email": "camille@example.org",
            "password1": "un mot de passe solide",
            "password2": "un mot de passe solide",
            "accept_terms": "on",
        },
    )

    message = mailoutbox[-1]
    assert message.from_email == "Ville de Test <noreply@localhost>"
    assert "Ville de Test" in message.subject
    assert "testserver !" not in message.body


def test_the_terms_checkbox_links_to_the_terms_in_a_new_tab(
    client: Client, organization: Organization
) -> None:
    for slug, kind, title in [
        ("m", "legal", "Mentions légales"),
        ("d", "personal-data", "Vos données"),
    ]:
        ContentPage.objects.create(
            organization=organization, slug=slug, kind=kind, title=title, body="Texte."
        )
    page = client.get(SIGNUP_URL).content.decode()
    terms = page.split('name="accept_terms"', 1)[1]
    assert 'target="_blank" rel="noopener">Mentions légales' in terms
    assert ">Vos données<" in terms
