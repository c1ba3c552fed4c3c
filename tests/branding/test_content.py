"""Content pages in the menus, home page sections in the staff's order, newsletter sign-ups."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.branding import home
from tessera.branding.home import Figure, register_figure
from tessera.branding.models import (
    ContentPage,
    HomeSection,
    Menu,
    MenuItem,
    NewsletterSubscription,
    SectionKind,
)
from tessera.branding.services import home_section_save, home_sections_ensure, menu_item_save
from tessera.branding.services_content import content_page_save
from tessera.organizations.models import Organization
from tests.processes.helpers import process_in

pytestmark = pytest.mark.django_db


def page_in(organization: Organization, **fields: object) -> ContentPage:
    values: dict[str, object] = {
        "title": "Mentions légales",
        "slug": "mentions-legales",
        "kind": "legal",
        "body": "## Éditeur\n\nLa **ville**. <script>alert(1)</script>",
    }
    values.update(fields)
    return content_page_save(page=ContentPage(organization=organization, **values))


def linked(page: ContentPage, menu: str = Menu.FOOTER) -> MenuItem:
    return menu_item_save(item=MenuItem(organization=page.organization, menu=menu, page=page))


def test_a_content_page_shows_its_sanitised_text(
    organization: Organization, client: Client
) -> None:
    page_in(organization)
    body = client.get("/pages/mentions-legales/").content.decode()
    assert "<h2>Éditeur</h2>" in body
    assert "<strong>ville</strong>" in body
    assert "<script>alert" not in body


def test_pages_appear_in_their_menu_in_their_order(
    organization: Organization, client: Client
) -> None:
    linked(page_in(organization, title="Mentions légales", slug="mentions"))
    linked(page_in(organization, title="Données personnelles", slug="donnees"))
    linked(page_in(organization, title="FAQ", slug="faq", kind="faq"), Menu.HEADER)
    page_in(organization, title="Cachée", slug="cachee")
    home = client.get("/").content.decode()
    footer = home[home.index("<footer") :]
    header = home[: home.index("</header>")]
    assert footer.index("Mentions légales") < footer.index("Données personnelles")
    assert "FAQ" in header
    assert "FAQ" not in footer
    assert "Cachée" not in home
    assert client.get("/pages/cachee/").status_code == 200


def test_an_unpublished_page_is_not_found(organization: Organization, client: Client) -> None:
    page_in(organization, is_published=False)
    assert client.get("/pages/mentions-legales/").status_code == 404


def test_a_page_of_one_organisation_is_not_on_another(
    organization: Organization, other_organization: Organization, other_client: Client
) -> None:
    page_in(organization)
    assert other_client.get("/pages/mentions-legales/").status_code == 404


def test_the_home_page_shows_a_banner_and_the_processes_by_default(
    organization: Organization, client: Client
) -> None:
    process_in(organization, "open", title="Budget participatif")
    body = client.get("/").content.decode()
    assert body.count("<h1") == 1
    assert body.index('class="hero-band') < body.index("Budget participatif")


def test_staff_order_and_toggle_the_sections(organization: Organization, client: Client) -> None:
    process_in(organization, "open", title="Budget participatif")
    hero, processes = home_sections_ensure(organization=organization)
    home_section_save(
        section=HomeSection(
            organization=organization,
            kind=SectionKind.TEXT,
            position=0,
            title="Le mot du maire",
            body="Bienvenue *à toutes et à tous*.",
        )
    )
    processes.position = 5
    home_section_save(section=processes)
    hero.is_enabled = False
    home_section_save(section=hero)

    body = client.get("/").content.decode()
    assert 'class="hero-band' not in body
    assert '<h1 class="visually-hidden">' in body  # the page keeps its title
    assert body.index("Le mot du maire") < body.index("Budget participatif")
    assert "<em>à toutes et à tous</em>" in body


def test_a_section_with_no_renderer_yet_is_left_out(
    organization: Organization, client: Client
) -> None:
    home_section_save(
        section=HomeSection(
            organization=organization, kind=SectionKind.REALISATIONS, title="Réalisé"
        )
    )
    assert "Réalisé" not in client.get("/").content.decode()


def test_the_figures_section_shows_the_registered_figures(
    organization: Organization, resident: User, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(home, "_figures", dict(home._figures))
    register_figure(Figure("test-projects", "projets testés", lambda organization: 1234, 9))
    home_section_save(section=HomeSection(organization=organization, kind=SectionKind.FIGURES))
    body = client.get("/").content.decode()
    assert "projets testés" in body
    assert "1\xa0234" in body  # French digit grouping
    assert "participants" in body  # the first figure (stats replaces branding's own)


def test_a_visitor_signs_up_for_the_newsletter_with_consent(
    organization: Organization, client: Client
) -> None:
    home_section_save(section=HomeSection(organization=organization, kind=SectionKind.NEWSLETTER))
    assert 'name="consent"' in client.get("/").content.decode()
    refused = client.post("/site/newsletter/", {"email": "camille@example.org"})
    assert refused.status_code == 400
    assert not NewsletterSubscription.objects.exists()

    accepted = client.post("/site/newsletter/", {"email": "Camille@example.org", "consent": "on"})
    assert accepted.status_code == 302
    client.post("/site/newsletter/", {"email": "camille@example.org", "consent": "on"})
    [subscription] = NewsletterSubscription.objects.all()
    assert subscription.organization == organization
    assert subscription.consented_at is not None
