"""Deleting my account: the password confirms it; personal data goes, contributions stay."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.test import Client

from tessera.accounts.models import Service, User
from tessera.accounts.signals import account_deleting
from tessera.organizations.models import Organization
from tests.accounts.pages import errors_of
from tests.conftest import PASSWORD, make_user
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

DELETE_URL = "/accounts/delete/"


@pytest.fixture
def filled_in_resident(resident: User, organization: Organization) -> User:
    resident.postal_code = "75011"
    resident.district = DistrictFactory(organization=organization)
    resident.year_of_birth = 1980
    resident.newsletter = True
    resident.save()
    return resident


@pytest.fixture
def logged_in(client: Client, filled_in_resident: User) -> Client:
    client.force_login(filled_in_resident)
    return client


@pytest.fixture
def deletions() -> Iterator[list[dict[str, Any]]]:
    """What a receiver of `account_deleting` hears, as an app built on accounts would."""
    heard: list[dict[str, Any]] = []

    def receiver(sender: type[User], user: User, **kwargs: Any) -> None:
        heard.append({"sender": sender, "user_pk": user.pk, "email": user.email})

    account_deleting.connect(receiver)
    yield heard
    account_deleting.disconnect(receiver)


def test_an_anonymous_visitor_is_sent_to_the_log_in(
    client: Client, organization: Organization
) -> None:
    response = client.get(DELETE_URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/delete/"


def test_it_asks_for_the_password_first(logged_in: Client) -> None:
    response = logged_in.get(DELETE_URL)

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


@pytest.mark.parametrize("password", ["not my password", ""])
def test_a_wrong_password_deletes_nothing(
    logged_in: Client, filled_in_resident: User, deletions: list[dict[str, Any]], password: str
) -> None:
    response = logged_in.post(DELETE_URL, {"password": password})

    assert response.status_code == 400
    assert errors_of(response)["password"] == [
        "Ce mot de passe est incorrect." if password else "Ce champ est obligatoire."
    ]
    resident = User.objects.get(pk=filled_in_resident.pk)
    assert resident.is_active
    assert resident.email == filled_in_resident.email
    assert resident.postal_code == "75011"
    assert EmailAddress.objects.filter(user=resident).exists()
    assert deletions == []
    assert logged_in.session["_auth_user_id"] == str(resident.pk)


def test_the_password_of_another_account_does_not_count(
    client: Client, resident: User, organization: Organization
) -> None:
    other = make_user(organization, password="another horse battery staple")
    client.force_login(resident)

    response = client.post(DELETE_URL, {"password": "another horse battery staple"})

    assert response.status_code == 400
    assert User.objects.get(pk=resident.pk).is_active
    assert User.objects.get(pk=other.pk).is_active


def test_the_right_password_erases_the_personal_data_and_logs_out(
    logged_in: Client, filled_in_resident: User
) -> None:
    email = filled_in_resident.email

    response = logged_in.post(DELETE_URL, {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "Votre compte est supprimé. Merci de votre participation."
    ]
    assert "_auth_user_id" not in logged_in.session
    resident = User.objects.get(pk=filled_in_resident.pk)  # the row stays, for ballot integrity
    assert email not in resident.email
    assert resident.display_name == "—"
    assert resident.postal_code == ""
    assert resident.district is None
    assert resident.year_of_birth is None
    assert resident.newsletter is False
    assert not resident.is_active
    assert not resident.email_verified
    assert not resident.has_usable_password()
    assert resident.deleted_at is not None
    assert not EmailAddress.objects.filter(user=resident).exists()
    assert not EmailAddress.objects.filter(email=email).exists()


def test_a_deleted_account_cannot_log_in_again(logged_in: Client, filled_in_resident: User) -> None:
    logged_in.post(DELETE_URL, {"password": PASSWORD})

    response = logged_in.post(
        "/accounts/login/", {"login": filled_in_resident.email, "password": PASSWORD}
    )

    assert response.status_code == 200
    assert errors_of(response)["__all__"] == [
        "L’adresse e-mail ou le mot de passe sont incorrects."
    ]
    assert "_auth_user_id" not in logged_in.session


def test_the_sessions_on_other_devices_end_too(logged_in: Client, filled_in_resident: User) -> None:
    phone = Client()
    phone.force_login(filled_in_resident)

    logged_in.post(DELETE_URL, {"password": PASSWORD})

    assert phone.get("/accounts/profile/").status_code == 302


def test_the_apps_built_on_accounts_hear_of_the_deletion_before_the_data_goes(
    logged_in: Client, filled_in_resident: User, deletions: list[dict[str, Any]]
) -> None:
    logged_in.post(DELETE_URL, {"password": PASSWORD})

    assert deletions == [
        {"sender": User, "user_pk": filled_in_resident.pk, "email": filled_in_resident.email}
    ]


def test_the_second_factor_and_the_service_memberships_go_too(
    client: Client, analyst: User
) -> None:
    Authenticator.objects.create(user=analyst, type=Authenticator.Type.TOTP, data={})
    client.force_login(analyst)

    client.post(DELETE_URL, {"password": PASSWORD})

    assert not Authenticator.objects.filter(user=analyst).exists()
    assert not Service.objects.filter(members=analyst).exists()


def test_the_address_is_free_for_a_new_account_afterwards(
    logged_in: Client, filled_in_resident: User
) -> None:
    logged_in.post(DELETE_URL, {"password": PASSWORD})

    response = logged_in.post(
        "/accounts/signup/",
        {
            "display_name": "De retour",
            "email": filled_in_resident.email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_terms": "on",
        },
    )

    assert response.status_code == 302
    newcomer = User.objects.get(email=filled_in_resident.email)
    assert newcomer.pk != filled_in_resident.pk
    assert newcomer.display_name == "De retour"


def test_guessing_the_password_is_stopped_after_ten_tries(
    logged_in: Client, filled_in_resident: User
) -> None:
    for _ in range(10):
        assert logged_in.post(DELETE_URL, {"password": "wrong guess"}).status_code == 400
    response = logged_in.post(DELETE_URL, {"password": PASSWORD})

    assert response.status_code == 400
    assert "Trop de tentatives" in response.content.decode()
    filled_in_resident.refresh_from_db()
    assert filled_in_resident.is_active
