"""The resident's profile page: display name, postal code, district, year of birth, e-mails."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import EmailFrequency, User
from tessera.organizations.models import District, Organization
from tests.accounts.pages import errors_of, options_of, values_of
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = "/accounts/profile/"
THIS_YEAR = timezone.now().year


@pytest.fixture
def centre(organization: Organization) -> District:
    return DistrictFactory(organization=organization, name="Centre-ville", position=1)


@pytest.fixture
def gare(organization: Organization) -> District:
    return DistrictFactory(organization=organization, name="Quartier de la gare", position=2)


@pytest.fixture
def elsewhere(other_organization: Organization) -> District:
    return DistrictFactory(organization=other_organization, name="Faubourg d'ailleurs")


@pytest.fixture
def logged_in(client: Client, resident: User) -> Client:
    client.force_login(resident)
    return client


def profile_form(**fields: str) -> dict[str, str]:
    return {
        "display_name": "Rémi H.",
        "postal_code": "75011",
        "district": "",
        "year_of_birth": "1980",
        "email_frequency": EmailFrequency.WEEKLY,
        "newsletter": "on",
        "language": "fr",
    } | fields


def test_an_anonymous_visitor_is_sent_to_the_log_in(
    client: Client, organization: Organization
) -> None:
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_it_shows_the_residents_current_profile(logged_in: Client, resident: User) -> None:
    response = logged_in.get(PROFILE_URL)

    assert response.status_code == 200
    shown = values_of(response)
    assert shown["display_name"] == "Rémi Habitant"
    assert shown["email_frequency"] == EmailFrequency.IMMEDIATELY
    assert resident.email in response.content.decode()


def test_it_offers_only_the_organisations_districts(
    logged_in: Client, centre: District, gare: District, elsewhere: District
) -> None:
    response = logged_in.get(PROFILE_URL)

    assert options_of(response, "district") == [
        "Je préfère ne pas répondre",
        "Centre-ville",
        "Quartier de la gare",
    ]


def test_a_resident_updates_the_profile(logged_in: Client, resident: User, gare: District) -> None:
    response = logged_in.post(
        PROFILE_URL, profile_form(district=str(gare.pk), language="en"), follow=True
    )

    assert response.redirect_chain == [(PROFILE_URL, 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "Votre profil est enregistré."
    ]
    resident.refresh_from_db()
    assert resident.display_name == "Rémi H."
    assert resident.postal_code == "75011"
    assert resident.district == gare
    assert resident.year_of_birth == 1980
    assert resident.email_frequency == EmailFrequency.WEEKLY
    assert resident.newsletter is True
    assert resident.language == "en"


def test_the_optional_fields_can_be_left_empty(
    logged_in: Client, resident: User, gare: District
) -> None:
    User.objects.filter(pk=resident.pk).update(postal_code="75011", district=gare, newsletter=True)

    response = logged_in.post(
        PROFILE_URL, profile_form(postal_code="", district="", year_of_birth="", newsletter="")
    )

    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.postal_code, resident.district, resident.year_of_birth) == ("", None, None)
    assert resident.newsletter is False


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"display_name": ""}, "display_name", "Ce champ est obligatoire."),
        ({"postal_code": "7500"}, "postal_code", "Un code postal français compte cinq chiffres."),
        ({"postal_code": "75OO1"}, "postal_code", "Un code postal français compte cinq chiffres."),
        (
            {"year_of_birth": "1850"},
            "year_of_birth",
            f"Saisissez une année comprise entre {THIS_YEAR - 120} et {THIS_YEAR}.",
        ),
        (
            {"year_of_birth": str(THIS_YEAR + 1)},
            "year_of_birth",
            f"Saisissez une année comprise entre {THIS_YEAR - 120} et {THIS_YEAR}.",
        ),
        ({"year_of_birth": "mille"}, "year_of_birth", "Saisissez un nombre entier."),
        (
            {"email_frequency": "hourly"},
            "email_frequency",
            "Sélectionnez un choix valide. hourly n’en fait pas partie.",
        ),
        (
            {"language": "de"},
            "language",
            "Sélectionnez un choix valide. de n’en fait pas partie.",
        ),
    ],
    ids=[
        "no display name",
        "a four-digit postal code",
        "letters in the postal code",
        "born in 1850",
        "born next year",
        "a year in words",
        "an unknown e-mail frequency",
        "an unknown language",
    ],
)
def test_it_refuses_bad_input_and_keeps_what_was_typed(
    logged_in: Client, resident: User, fields: dict[str, str], field: str, error: str
) -> None:
    typed = profile_form(**fields)

    response = logged_in.post(PROFILE_URL, typed)

    assert response.status_code == 400
    assert errors_of(response)[field] == [error]
    shown = values_of(response)
    for name in ("display_name", "postal_code", "year_of_birth"):
        assert shown.get(name, "") == typed[name]
    resident.refresh_from_db()
    assert resident.display_name == "Rémi Habitant"
    assert resident.postal_code == ""
    assert resident.year_of_birth is None


def test_it_refuses_a_district_of_another_organisation(
    logged_in: Client, resident: User, elsewhere: District
) -> None:
    response = logged_in.post(PROFILE_URL, profile_form(district=str(elsewhere.pk)))

    assert response.status_code == 400
    assert errors_of(response)["district"] == [
        "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."
    ]
    resident.refresh_from_db()
    assert resident.district is None


def test_the_form_cannot_change_what_only_staff_or_verification_may_set(
    logged_in: Client, resident: User
) -> None:
    logged_in.post(
        PROFILE_URL,
        profile_form(role="administrator", email="thief@example.org", email_verified="off"),
    )

    resident.refresh_from_db()
    assert resident.role == "resident"
    assert resident.email != "thief@example.org"
    assert resident.email_verified
