"""A second organisation on another host never sees the first one's data."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from tessera.accounts.models import User
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tests.conftest import OTHER_HOST, PASSWORD
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def test_a_query_that_forgets_the_organisation_fails() -> None:
    with scope(), pytest.raises(ScopeError):
        list(Process.objects.all())
    with scope(), pytest.raises(ScopeError):
        User.objects.filter(email="someone@example.org").exists()


def test_a_scoped_query_sees_only_its_organisation(
    organization: Organization, other_organization: Organization
) -> None:
    mine = ProcessFactory(organization=organization)
    ProcessFactory(organization=other_organization)
    with scope(organization=organization):
        assert list(Process.objects.all()) == [mine]


def test_an_unknown_host_gets_a_clear_404_page(db: None) -> None:
    response = Client(HTTP_HOST="nobody.example").get("/")
    assert response.status_code == 404
    assert "Site introuvable" in response.content.decode()


def test_a_host_alias_and_a_port_reach_the_same_organisation(organization: Organization) -> None:
    process = ProcessFactory(organization=organization, title="Budget 2026")
    for host in ("localhost", "localhost:8000", "127.0.0.1:8000", "TestServer"):
        response = Client(HTTP_HOST=host).get("/processes/")
        assert response.status_code == 200, host
        assert process.title in response.content.decode()


def test_the_other_organisation_never_sees_my_processes(
    client: Client,
    other_client: Client,
    organization: Organization,
    other_organization: Organization,
) -> None:
    process = ProcessFactory(organization=organization, title="Jardins partagés", slug="jardins")
    assert process.title in client.get("/processes/").content.decode()
    assert process.title not in other_client.get("/processes/").content.decode()
    assert process.title not in other_client.get("/").content.decode()
    assert other_client.get("/processes/jardins/").status_code == 404


def test_an_account_only_logs_in_on_its_own_organisation_site(
    client: Client, other_client: Client, resident: User, other_organization: Organization
) -> None:
    credentials = {"login": resident.email, "password": PASSWORD}
    assert other_client.post("/accounts/login/", credentials).status_code == 200
    assert "_auth_user_id" not in other_client.session
    response = client.post("/accounts/login/", credentials)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_a_session_of_one_site_is_not_a_login_on_the_other(
    resident: User, other_organization: Organization
) -> None:
    browser = Client(HTTP_HOST="testserver")
    browser.force_login(resident)
    # Same cookie sent to the other host (as a shared parent domain would): still anonymous.
    browser.defaults["HTTP_HOST"] = OTHER_HOST
    response = browser.get("/accounts/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_same_email_holds_two_separate_accounts(
    organization: Organization, other_organization: Organization
) -> None:
    for host in ("testserver", OTHER_HOST):
        response = Client(HTTP_HOST=host).post(
            "/accounts/signup/",
            {
                "display_name": "Camille",
                "email": "camille@example.org",
                "password1": "un mot de passe solide",
                "password2": "un mot de passe solide",
                "accept_terms": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        accounts = User.objects.filter(email="camille@example.org")
        assert {user.organization for user in accounts} == {organization, other_organization}


def test_the_admin_of_another_organisation_sees_none_of_our_data(
    organization: Organization, other_organization_admin: User, resident: User
) -> None:
    ProcessFactory(organization=organization, title="Notre démarche")
    browser = Client(HTTP_HOST=OTHER_HOST)
    browser.force_login(other_organization_admin)
    processes = browser.get("/admin/processes/process/")
    users = browser.get("/admin/accounts/user/")
    assert processes.status_code == users.status_code == 200
    assert "Notre démarche" not in processes.content.decode()
    assert resident.email not in users.content.decode()
    assert browser.get(f"/admin/accounts/user/{resident.pk}/change/").status_code in (302, 404)


def test_an_uploaded_file_is_served_only_on_its_organisations_site(
    client: Client,
    other_client: Client,
    organization: Organization,
    other_organization: Organization,
    settings: object,
) -> None:
    folder = settings.MEDIA_ROOT / organization.slug / "processes"  # type: ignore[attr-defined]
    folder.mkdir(parents=True)
    (folder / "cover.jpg").write_bytes(b"\xff\xd8\xff image bytes")
    ProcessFactory(organization=organization, cover=f"{organization.slug}/processes/cover.jpg")
    url = f"/media/{organization.slug}/processes/cover.jpg"
    assert client.get(url).status_code == 200
    assert other_client.get(url).status_code == 404
    assert client.get("/media/../settings.py").status_code == 404
