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
