"""Themes and districts kept by process managers in the back office."""

from __future__ import annotations

import pytest

from tessera.accounts.models import Service, User
from tessera.organizations.models import District, Organization, Theme
from tests.factories import ThemeFactory
from tests.manage.conftest import client_of

pytestmark = pytest.mark.django_db


def test_a_manager_adds_a_theme_and_a_district(manager: User, organization: Organization) -> None:
    client = client_of(manager)
    client.post(
        "/manage/themes-and-districts/",
        {"kind": "themes", "themes-name": "Nature en ville", "themes-position": "1"},
    )
    client.post(
        "/manage/themes-and-districts/",
        {
            "kind": "districts",
            "districts-name": "La Gare",
            "districts-postal_codes": "75003",
            "districts-position": "0",
        },
    )
    assert Theme.objects.get(organization=organization).slug == "nature-en-ville"
    assert District.objects.get(organization=organization).name == "La Gare"


def test_a_taken_short_name_is_refused_keeping_the_name(
    manager: User, organization: Organization
) -> None:
    ThemeFactory(organization=organization, name="Mobilités", slug="mobilites")
    response = client_of(manager).post(
        "/manage/themes-and-districts/",
        {"kind": "themes", "themes-name": "Mobilités", "themes-position": "0"},
    )
    assert response.status_code == 400
    assert 'value="Mobilités"' in response.content.decode()


def test_a_manager_renames_a_theme(manager: User, organization: Organization) -> None:
    theme = ThemeFactory(organization=organization, name="Vélo", slug="velo")
    client_of(manager).post(
        f"/manage/themes-and-districts/themes/{theme.pk}/",
        {"name": "Vélo et marche", "slug": "velo", "position": "2"},
    )
    theme.refresh_from_db()
    assert theme.name == "Vélo et marche"


def test_another_organisations_theme_is_not_found(
    manager: User, other_organization: Organization
) -> None:
    theme = ThemeFactory(organization=other_organization)
    response = client_of(manager).get(f"/manage/themes-and-districts/themes/{theme.pk}/")
    assert response.status_code == 404


def test_an_administrator_adds_a_service_a_manager_cannot(
    admin: User, manager: User, organization: Organization
) -> None:
    data = {"kind": "services", "services-name": "Espaces verts"}
    assert client_of(manager).post("/manage/themes-and-districts/", data).status_code == 403
    assert (
        'id="services-title"'
        not in client_of(manager).get("/manage/themes-and-districts/").content.decode()
    )
    assert client_of(admin).post("/manage/themes-and-districts/", data).status_code == 302
    assert Service.objects.get(organization=organization).name == "Espaces verts"
    again = client_of(admin).post("/manage/themes-and-districts/", data)
    assert again.status_code == 400
    assert Service.objects.count() == 1
