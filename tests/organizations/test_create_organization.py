from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tessera.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_operator_creates_an_organisation_that_answers_on_its_hosts() -> None:
    assert Client(HTTP_HOST="participer.example.fr").get("/").status_code == 404
    call_command(
        "create_organization",
        "Ville d’Exemple",
        "--host",
        "participer.example.fr",
        "--host",
        "www.participer.example.fr",
    )
    organization = Organization.objects.get(slug="ville-dexemple")
    assert organization.primary_host == "participer.example.fr"
    for host in ("participer.example.fr", "www.participer.example.fr"):
        assert Client(HTTP_HOST=host).get("/").status_code == 200


def test_a_taken_host_is_refused_with_a_clear_error() -> None:
    call_command("create_organization", "Première", "--host", "a.example")
    with pytest.raises(CommandError, match="already taken"):
        call_command("create_organization", "Seconde", "--host", "a.example")
    assert not Organization.objects.filter(slug="seconde").exists()


def test_the_operator_creates_an_organisation_in_the_admin(db: None) -> None:
    from tests.conftest import make_user
    from tests.factories import HostFactory, OrganizationFactory

    platform = OrganizationFactory(slug="plateforme")
    HostFactory(organization=platform, name="testserver")
    operator = make_user(platform, is_superuser=True)
    browser = Client()
    browser.force_login(operator)
    response = browser.post(
        "/admin/organizations/organization/add/",
        {
            "name": "Métropole",
            "slug": "metropole",
            "is_active": "on",
            "hosts-TOTAL_FORMS": "1",
            "hosts-INITIAL_FORMS": "0",
            "hosts-MIN_NUM_FORMS": "0",
            "hosts-MAX_NUM_FORMS": "1000",
            "hosts-0-name": "participer.metropole.fr",
            "hosts-0-is_primary": "on",
        },
    )
    assert response.status_code == 302
    assert Client(HTTP_HOST="participer.metropole.fr").get("/").status_code == 200


def test_an_organisation_administrator_does_not_see_organisations(db: None) -> None:
    from tessera.accounts.models import Role
    from tests.conftest import make_user
    from tests.factories import HostFactory, OrganizationFactory

    city = OrganizationFactory(slug="ville")
    HostFactory(organization=city, name="testserver")
    browser = Client()
    browser.force_login(make_user(city, Role.ADMINISTRATOR))
    assert browser.get("/admin/organizations/organization/").status_code == 403
