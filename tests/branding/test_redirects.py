"""Short URLs and redirects: safe destinations, no loops, hit counts, and the 404 log."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tessera.accounts.models import User
from tessera.branding.models import NotFoundHit, Redirect
from tessera.branding.redirects import creates_loop, normalize_path, path_problem, target_problem
from tessera.branding.services_content import redirect_save
from tessera.organizations.models import Organization
from tests.branding.helpers import logged_in

HOSTS = {"testserver", "localhost"}


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "//evil.example/",
        "/\\evil.example",
        "ftp://files.example/",
        "https://",
    ],
)
def test_a_dangerous_or_odd_destination_is_refused(target: str) -> None:
    assert target_problem(target) is not None


@pytest.mark.parametrize(
    "target", ["/processes/budget/", "https://www.ville.fr/bus", "http://old.example/page?x=1"]
)
def test_a_page_of_the_site_or_a_web_address_is_accepted(target: str) -> None:
    assert target_problem(target) is None


@pytest.mark.parametrize("path", ["nouveaux-bus", "//evil", "/a?b=1", "/a b", "/a#top"])
def test_a_path_must_be_a_plain_path(path: str) -> None:
    assert path_problem(path) is not None


def test_paths_are_stored_as_the_request_sees_them() -> None:
    assert normalize_path("/Nouveaux%20bus") == "/Nouveaux bus"
    assert normalize_path("/bus/") == "/bus/"


def test_a_redirect_to_itself_is_a_loop() -> None:
    assert creates_loop("/a", "/a", {}, HOSTS)
    assert creates_loop("/a", "http://testserver/a", {}, HOSTS)


def test_a_redirect_closing_a_chain_is_a_loop() -> None:
    existing = {"/b": "/c", "/c": "https://localhost/a"}
    assert creates_loop("/a", "/b", existing, HOSTS)
    assert not creates_loop("/a", "/b", {"/b": "/c"}, HOSTS)
    assert not creates_loop("/a", "https://testserver.example/a", {}, HOSTS)


@pytest.mark.django_db
def test_the_service_refuses_a_loop_through_existing_redirects(organization: Organization) -> None:
    redirect_save(redirect=Redirect(organization=organization, path="/b", target="/a"))
    with pytest.raises(ValidationError) as error:
        redirect_save(redirect=Redirect(organization=organization, path="/a", target="/b"))
    assert "target" in error.value.error_dict


@pytest.mark.django_db
def test_the_service_refuses_a_path_that_is_a_page_of_the_site(organization: Organization) -> None:
    with pytest.raises(ValidationError) as error:
        redirect_save(redirect=Redirect(organization=organization, path="/processes/", target="/"))
    assert "path" in error.value.error_dict


@pytest.mark.django_db
def test_a_short_url_redirects_and_counts_its_visits(
    organization: Organization, client: Client
) -> None:
    redirect_save(
        redirect=Redirect(
            organization=organization,
            path="/nouveaux-bus",
            target="/processes/",
            is_permanent=False,
        )
    )
    response = client.get("/nouveaux-bus?utm_source=affiche")
    assert response.status_code == 302
    assert response["Location"] == "/processes/?utm_source=affiche"
    client.get("/nouveaux-bus")
    redirect = Redirect.objects.get(path="/nouveaux-bus")
    assert redirect.hits == 2
    assert redirect.last_hit_at is not None


@pytest.mark.django_db
def test_a_permanent_redirect_answers_301_to_an_outside_address(
    organization: Organization, client: Client
) -> None:
    redirect_save(
        redirect=Redirect(organization=organization, path="/ancien", target="https://www.ville.fr/")
    )
    response = client.get("/ancien")
    assert (response.status_code, response["Location"]) == (301, "https://www.ville.fr/")


@pytest.mark.django_db
def test_a_redirect_of_one_organisation_does_not_answer_on_another(
    organization: Organization, other_organization: Organization, other_client: Client
) -> None:
    redirect_save(redirect=Redirect(organization=organization, path="/bus", target="/processes/"))
    assert other_client.get("/bus").status_code == 404


@pytest.mark.django_db
def test_a_redirect_never_hides_a_page_that_exists(
    organization: Organization, client: Client
) -> None:
    # Saved behind the service's back: the middleware only looks at 404s anyway.
    Redirect.objects.create(organization=organization, path="/processes/", target="/elsewhere")
    assert client.get("/processes/").status_code == 200


@pytest.mark.django_db
def test_the_404_log_grows_with_each_missing_page(
    organization: Organization, client: Client
) -> None:
    client.get("/ancien-site/projets.php", HTTP_REFERER="https://moteur.example/?q=projets")
    client.get("/ancien-site/projets.php")
    client.get("/autre")
    client.get("/static/missing.css")  # files are not logged
    rows = {row.path: row for row in NotFoundHit.objects.filter(organization=organization)}
    assert set(rows) == {"/ancien-site/projets.php", "/autre"}
    assert rows["/ancien-site/projets.php"].count == 2


@pytest.mark.django_db
def test_staff_see_the_404s_and_redirect_one_in_a_single_action(
    admin: User, organization: Organization, client: Client
) -> None:
    for _visit in range(3):
        client.get("/ancien-site/projets.php", HTTP_REFERER="https://moteur.example/")
    client.get("/autre")
    staff = logged_in(admin)
    page = staff.get("/site/manage/not-found/").content.decode()
    assert page.index("/ancien-site/projets.php") < page.index("/autre")
    assert "https://moteur.example/" in page

    response = staff.post(
        "/site/manage/not-found/",
        {"path": "/ancien-site/projets.php", "target": "/processes/", "is_permanent": "on"},
    )
    assert response.status_code == 302
    assert client.get("/ancien-site/projets.php")["Location"] == "/processes/"
    # The row left the list (the success message still names it).
    page = staff.get("/site/manage/not-found/").content.decode()
    assert "<code>/ancien-site/projets.php</code>" not in page
    assert "<code>/autre</code>" in page


@pytest.mark.django_db
def test_a_dangerous_destination_from_the_404_list_is_refused(
    admin: User, organization: Organization, client: Client
) -> None:
    client.get("/piege")
    response = logged_in(admin).post(
        "/site/manage/not-found/", {"path": "/piege", "target": "javascript:alert(1)"}
    )
    assert response.status_code == 400
    assert not Redirect.objects.exists()


@pytest.mark.django_db
def test_the_back_office_refuses_a_redirect_loop(admin: User, organization: Organization) -> None:
    redirect_save(redirect=Redirect(organization=organization, path="/b", target="/a"))
    response = logged_in(admin).post(
        "/site/manage/redirects/add/", {"path": "/a", "target": "/b", "is_permanent": "on"}
    )
    assert response.status_code == 400  # the form again, with its error
    assert "errorlist" in response.content.decode()
    assert not Redirect.objects.filter(path="/a").exists()
    ok = logged_in(admin).post(
        "/site/manage/redirects/add/", {"path": "/c", "target": "/b", "is_permanent": "on"}
    )
    assert ok.status_code == 302
    assert Redirect.objects.get(path="/c").organization == organization


@pytest.mark.django_db
def test_a_robot_walking_made_up_paths_does_not_write_a_row_each(
    organization: Organization, client: Client
) -> None:
    for number in range(50):
        assert client.get(f"/sonde-{number}.php").status_code == 404
    assert NotFoundHit.objects.filter(organization=organization).count() == 20
    # Another address's 404s are still logged.
    Client(REMOTE_ADDR="198.51.100.7").get("/ancien-lien")
    assert NotFoundHit.objects.filter(path="/ancien-lien").exists()
