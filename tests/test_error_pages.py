"""Error pages are clear and in the site's style; a crash shows the 500 page, not a trace."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path

from tessera.organizations.models import Organization
from tessera.urls import urlpatterns as site_urlpatterns


def crash(request: object) -> None:
    raise RuntimeError("boom")


urlpatterns = [*site_urlpatterns, path("crash/", crash)]


@pytest.mark.django_db
@pytest.mark.urls("tests.test_error_pages")
def test_a_server_error_shows_the_500_page(organization: Organization) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/crash/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Une erreur est survenue" in content
    # A voter hit by a crash is told how to know whether the ballot counted.
    assert "elle indique si votre bulletin est enregistré" in content
    assert "boom" not in content


@pytest.mark.django_db
def test_a_csrf_failure_explains_what_to_do(organization: Organization) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@b.c", "password": "x"})
    assert response.status_code == 403
    assert "<main" in response.content.decode()
