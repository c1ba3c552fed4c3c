"""The home page, menus, content pages and short URLs, edited in /site/manage/ through HTTP."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.branding.models import ContentPage, HomeSection, MenuItem, Redirect, SectionKind
from tessera.branding.services import home_sections_ensure
from tessera.branding.services_content import newsletter_subscribe
from tessera.organizations.models import Organization
from tests.branding.helpers import logged_in, png_bytes, upload
from tests.processes.helpers import process_in

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def section_of(kind: str) -> HomeSection:
    return HomeSection.objects.get(kind=kind)


def add_section(staff: Client, kind: str) -> HomeSection:
    response = staff.post("/site/manage/sections/", {"kind": kind})
    section = HomeSection.objects.filter(kind=kind).latest("pk")
    assert response["Location"] == f"/site/manage/sections/{section.pk}/"
    return section


def test_an_administrator_adds_edits_and_sees_a_section_on_the_home_page(
    admin: User, organization: Organization, client: Client
) -> None:
    staff = logged_in(admin)
    assert staff.get("/site/manage/sections/").status_code == 200  # the defaults, as rows
    text = add_section(staff, SectionKind.TEXT)
    form = {"is_enabled": "on", "title": "Le mot du maire", "body": "Bienvenue *à tous*."}

    preview = staff.post(f"/site/manage/sections/{text.pk}/", {**form, "preview": "1"})
    assert preview.status_code == 200
    assert "<em>à tous</em>" in preview.content.decode()
    assert "Le mot du maire" not in client.get("/").content.decode()  # nothing saved yet

    assert staff.post(f"/site/manage/sections/{text.pk}/", form).status_code == 302
    assert "<em>à tous</em>" in client.get("/").content.decode()


def test_moving_a_section_up_changes_the_home_page_order(
    admin: User, organization: Organization, client: Client
) -> None:
    staff = logged_in(admin)
    text = add_section(staff, SectionKind.TEXT)
    staff.post(f"/site/manage/sections/{text.pk}/", {"is_enabled": "on", "body": "Texte libre"})
    process_in(organization, "open", title="Budget des quartiers")
    home = client.get("/").content.decode()
    assert home.index("Budget des quartiers") < home.index("Texte libre")

    response = staff.post(f"/site/manage/sections/{text.pk}/move/", {"direction": "up"})
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert home.index("Texte libre") < home.index("Budget des quartiers")
    positions = list(HomeSection.objects.values_list("position", flat=True))
    assert sorted(positions) == list(range(len(positions)))


def test_a_section_is_removed_after_a_confirmation(admin: User, organization: Organization) -> None:
    staff = logged_in(admin)
    [hero, _processes] = home_sections_ensure(organization=organization)
    confirm = staff.get(f"/site/manage/sections/{hero.pk}/remove/")
    assert confirm.status_code == 200
    assert HomeSection.objects.filter(pk=hero.pk).exists()  # asked first, not removed yet
    staff.post(f"/site/manage/sections/{hero.pk}/remove/")
    assert not HomeSection.objects.filter(pk=hero.pk).exists()


def test_the_banner_takes_an_image_with_its_description(
    admin: User, organization: Organization, client: Client
) -> None:
    staff = logged_in(admin)
    [hero, _processes] = home_sections_ensure(organization=organization)
    response = staff.post(
        f"/site/manage/sections/{hero.pk}/",
        {
            "is_enabled": "on",
            "title": "Votre budget",
            "image": upload("parc.png", png_bytes((800, 400)), "image/png"),
            "image_alt": "Le parc de la Villette au printemps",
            "action_label": "Proposer",
            "action_url": "/processes/",
        },
    )
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert 'alt="Le parc de la Villette au printemps"' in home
    assert HomeSection.objects.get(pk=hero.pk).image.name.startswith("ville-de-test/branding/")


def test_a_banner_button_cannot_link_to_javascript(admin: User, organization: Organization) -> None:
    [hero, _processes] = home_sections_ensure(organization=organization)
    response = logged_in(admin).post(
        f"/site/manage/sections/{hero.pk}/",
        {"is_enabled": "on", "action_url": "javascript:alert(1)", "title": "Gardé"},
    )
    assert response.status_code == 400
    assert HomeSection.objects.get(pk=hero.pk).title == ""
    assert 'value="Gardé"' in response.content.decode()  # what was typed is not lost


def test_a_video_loads_nothing_from_its_host_until_the_visitor_asks(
    admin: User, organization: Organization, client: Client
) -> None:
    staff = logged_in(admin)
    video = add_section(staff, SectionKind.VIDEO)
    refused = staff.post(
        f"/site/manage/sections/{video.pk}/",
        {"is_enabled": "on", "video_url": "https://example.org/film"},
    )
    assert refused.status_code == 400
    staff.post(
        f"/site/manage/sections/{video.pk}/",
        {"is_enabled": "on", "title": "Le budget en 2 minutes", "video_url": YOUTUBE},
    )
    home = client.get("/")
    assert "<iframe" not in home.content.decode()
    assert "youtube-nocookie" not in home.content.decode()
    assert f"/site/video/{video.pk}/" in home.content.decode()
    assert "frame-src" not in home["Content-Security-Policy"]

    player = client.get(f"/site/video/{video.pk}/")
    assert "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" in player.content.decode()
    assert "frame-src https://www.youtube-nocookie.com" in player["Content-Security-Policy"]


def test_the_video_page_of_another_section_is_not_found(
    organization: Organization, client: Client
) -> None:
    [hero, _processes] = home_sections_ensure(organization=organization)
    assert client.get(f"/site/video/{hero.pk}/").status_code == 404


def test_a_news_section_shows_nothing_until_an_app_renders_news(
    admin: User, organization: Organization, client: Client
) -> None:
    staff = logged_in(admin)
    news = add_section(staff, SectionKind.NEWS)
    staff.post(f"/site/manage/sections/{news.pk}/", {"is_enabled": "on", "title": "Actualités"})
    assert client.get("/").status_code == 200
    assert "Actualités" not in client.get("/").content.decode()


def test_menus_link_to_pages_processes_and_other_sites(
    admin: User, organization: Organization, client: Client
) -> None:
    staff = logged_in(admin)
    page = ContentPage.objects.create(
        organization=organization, title="FAQ", slug="faq", kind="faq", body="Texte"
    )
    process = process_in(organization, "open", title="Budget 2027", is_published=True)
    menu = staff.get("/site/manage/menus/").content.decode()
    assert "Budget 2027" in menu  # offered by the processes app

    for data in (
        {"menu": "header", "destination": f"page:{page.pk}"},
        {"menu": "header", "destination": f"url:{process.get_absolute_url()}", "label": "Budget"},
        {
            "menu": "footer",
            "destination": "url",
            "url": "https://ville.example/",
            "label": "Mairie",
        },
    ):
        assert staff.post("/site/manage/menus/", data).status_code == 302
    home = client.get("/").content.decode()
    header, footer = home[: home.index("</header>")], home[home.index("<footer") :]
    assert header.index(">FAQ<") < header.index(">Budget<")
    assert 'href="https://ville.example/"' in footer

    budget = MenuItem.objects.get(label="Budget")
    staff.post(f"/site/manage/menus/{budget.pk}/move/", {"direction": "up"})
    header = client.get("/").content.decode().split("</header>")[0]
    assert header.index(">Budget<") < header.index(">FAQ<")

    staff.post(f"/site/manage/menus/{budget.pk}/remove/")
    assert ">Budget<" not in client.get("/").content.decode()


def test_a_menu_link_cannot_lead_to_javascript(admin: User, organization: Organization) -> None:
    response = logged_in(admin).post(
        "/site/manage/menus/",
        {"menu": "header", "destination": "url", "url": "javascript:alert(1)", "label": "Piège"},
    )
    assert response.status_code == 400
    assert 'value="Piège"' in response.content.decode()
    assert not MenuItem.objects.exists()


def test_a_link_to_an_unpublished_page_is_hidden_and_goes_with_the_page(
    admin: User, organization: Organization, client: Client
) -> None:
    staff = logged_in(admin)
    response = staff.post(
        "/site/manage/pages/add/",
        {"title": "Accessibilité", "slug": "accessibilite", "kind": "accessibility", "body": "x"},
    )
    assert response.status_code == 302
    page = ContentPage.objects.get(slug="accessibilite")
    assert not page.is_published  # the checkbox was not ticked
    staff.post("/site/manage/menus/", {"menu": "footer", "destination": f"page:{page.pk}"})
    assert "Accessibilité" not in client.get("/").content.decode()

    staff.post(
        f"/site/manage/pages/{page.pk}/",
        {"title": "Accessibilité", "slug": "accessibilite", "kind": "accessibility",
         "body": "Conformité **partielle**.", "is_published": "on"},
    )  # fmt: skip
    assert "Accessibilité" in client.get("/").content.decode()
    assert "<strong>partielle</strong>" in client.get("/pages/accessibilite/").content.decode()

    staff.post(f"/site/manage/pages/{page.pk}/remove/")
    assert not MenuItem.objects.exists()
    assert "Accessibilité" not in client.get("/").content.decode()


def test_a_page_preview_saves_nothing(admin: User, organization: Organization) -> None:
    response = logged_in(admin).post(
        "/site/manage/pages/add/",
        {"title": "FAQ", "slug": "faq", "kind": "faq", "body": "## Qui ?", "preview": "1"},
    )
    assert response.status_code == 200
    assert "<h2>Qui ?</h2>" in response.content.decode()
    assert not ContentPage.objects.exists()


def test_short_urls_are_added_changed_and_removed(
    admin: User, organization: Organization, client: Client
) -> None:
    staff = logged_in(admin)
    assert (
        staff.post(
            "/site/manage/redirects/add/",
            {"path": "/velo", "target": "/processes/", "is_permanent": "on"},
        ).status_code
        == 302
    )
    assert client.get("/velo")["Location"] == "/processes/"
    short = Redirect.objects.get(path="/velo")
    staff.post(f"/site/manage/redirects/{short.pk}/", {"path": "/velo", "target": "/pages/x/"})
    assert client.get("/velo")["Location"] == "/pages/x/"
    assert client.get("/velo").status_code == 302  # temporary now
    staff.post(f"/site/manage/redirects/{short.pk}/remove/")
    assert client.get("/velo").status_code == 404


def test_the_newsletter_list_shows_the_addresses(admin: User, organization: Organization) -> None:
    newsletter_subscribe(organization=organization, email="lea@example.org", language="fr")
    assert "lea@example.org" in logged_in(admin).get("/site/manage/newsletter/").content.decode()


def test_another_organisations_rows_are_not_found(
    admin: User, organization: Organization, other_organization: Organization
) -> None:
    [hero, _processes] = home_sections_ensure(organization=other_organization)
    staff = logged_in(admin)
    assert staff.get(f"/site/manage/sections/{hero.pk}/").status_code == 404
    assert staff.post(f"/site/manage/sections/{hero.pk}/remove/").status_code == 404
    assert HomeSection.objects.filter(pk=hero.pk).exists()


def test_the_identity_page_links_to_the_back_office_not_the_django_admin(
    admin: User, organization: Organization
) -> None:
    page = logged_in(admin).get("/site/manage/").content.decode()
    assert "/admin/" not in page
    for url in ("/site/manage/sections/", "/site/manage/menus/", "/site/manage/pages/",
                "/site/manage/redirects/", "/site/manage/newsletter/"):  # fmt: skip
        assert f'href="{url}"' in page
