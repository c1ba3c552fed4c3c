"""Every public page fits a 375 px phone (no horizontal scroll) and axe finds no violation.

The pages are found by following the links of the home page, as a visitor would, on a site
furnished with what widens pages: long names, a banner and cards with images, menus, a long
e-mail address on the profile page.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from playwright.sync_api import Page

from tessera.branding.models import ContentPage, HomeSection, Menu, MenuItem, SectionKind
from tessera.branding.services import home_section_save, menu_item_save
from tessera.branding.services_content import content_page_save
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tessera.proposals.models import ProposalImage
from tests.browser.conftest import PHONE, log_in, wider_than_viewport
from tests.conftest import PASSWORD, make_user
from tests.factories import ThemeFactory
from tests.proposals.factories import CollectStepFactory, ProposalFactory

pytestmark = pytest.mark.browser

AXE = Axe()
MAX_PAGES = 40
# Not pages to read: leaving, files, the back office, forms that only answer a POST.
SKIPPED = ("/accounts/logout", "/site/", "/admin/", "/manage/", "/media/", "/static/", "/graphql")


def picture(organization: Organization, folder: str, name: str) -> str:
    output = io.BytesIO()
    Image.new("RGB", (1200, 700), "#2a6f97").save(output, format="PNG")
    return default_storage.save(
        f"{organization.slug}/{folder}/{name}", ContentFile(output.getvalue())
    )


@pytest.fixture
def furnished(live_organization: Organization, process: Process) -> Organization:
    organization = live_organization
    theme = ThemeFactory(organization=organization, name="Environnement et cadre de vie")
    step = CollectStepFactory(process=process, title="Dépôt des idées des habitantes et habitants")
    author = make_user(organization, display_name="Alice Autrice", email="alice@example.org")
    for title in ("Des bancs à l'ombre", "Un jardin partagé rue de la République-et-Liberté"):
        proposal = ProposalFactory(step=step, author=author, theme=theme, title=title)
        ProposalImage.objects.create(
            organization=organization,
            proposal=proposal,
            image=picture(organization, "proposals/images", "jardin.png"),
            alt_text="Un jardin fleuri au pied d'un immeuble",
        )
    hero = HomeSection(
        organization=organization,
        kind=SectionKind.HERO,
        position=0,
        title="Vous proposez, vous choisissez, nous réalisons ensemble",
        image=picture(organization, "branding", "hero.png"),
        image_alt="Des habitants autour d'une table",
    )
    home_section_save(section=hero)
    for position, kind in enumerate(
        (SectionKind.PROCESSES, SectionKind.PROPOSALS, SectionKind.FIGURES, SectionKind.NEWSLETTER),
        start=1,
    ):
        home_section_save(
            section=HomeSection(organization=organization, kind=kind, position=position)
        )
    home_section_save(
        section=HomeSection(
            organization=organization,
            kind=SectionKind.VIDEO,
            position=9,
            title="Le budget participatif en deux minutes",
            video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        )
    )
    for menu, title, slug in (
        (Menu.HEADER, "Questions fréquentes", "faq"),
        (Menu.HEADER, "Comment participer à la démarche", "participer"),
        (Menu.FOOTER, "Déclaration d'accessibilité", "accessibilite"),
    ):
        page = content_page_save(
            page=ContentPage(
                organization=organization,
                title=title,
                slug=slug,
                kind="other",
                body="## Texte\n\nDu texte.",
            )
        )
        menu_item_save(item=MenuItem(organization=organization, menu=menu, page=page))
    return organization


def crawl(page: Page, start: list[str]) -> list[str]:
    """The site's own pages reachable from `start`, each visited once."""
    origin = urlsplit(page.url or "http://localhost").netloc
    seen, queue = set(start), list(start)
    visited = []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        response = page.goto(path)
        assert response is not None
        assert response.ok, f"{path} answered {response.status}"
        visited.append(path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(href)
            if parts.netloc != origin or parts.path.startswith(SKIPPED):
                continue
            if parts.path not in seen:
                seen.add(parts.path)
                queue.append(parts.path)
    return visited


def problems_on(page: Page) -> list[str]:
    found = []
    width = page.evaluate("document.scrollingElement.scrollWidth")
    if width > PHONE["width"]:
        found.append(
            f"{page.url} is {width} px wide at {PHONE['width']} px: {wider_than_viewport(page)}"
        )
    results = AXE.run(page)
    if results.violations_count:
        found.append(f"{page.url}\n{results.generate_report()}")
    return found


def test_every_public_page_fits_a_phone_without_violation(
    page: Page, furnished: Organization
) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/")
    paths = crawl(page, ["/", "/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"])
    assert len(paths) >= 10, paths
    problems = []
    for path in paths:
        page.goto(path)
        problems += problems_on(page)
    page.goto("/nowhere/")
    problems += problems_on(page)
    assert not problems, "\n\n".join(problems)


def test_the_pages_of_a_resident_with_a_long_address_fit_a_phone(
    page: Page, furnished: Organization
) -> None:
    resident = make_user(
        furnished,
        email="camille.de-la-fontaine-saint-germain.quartier-nord@association-exemple.org",
    )
    page.set_viewport_size(PHONE)
    log_in(page, resident.email, PASSWORD)
    problems = []
    for path in ("/accounts/profile/", "/notifications/", "/"):
        page.goto(path)
        problems += problems_on(page)
    assert not problems, "\n\n".join(problems)


def test_the_phone_menu_opens_and_closes_like_a_disclosure(
    page: Page, furnished: Organization
) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/")
    button = page.get_by_role("button", name="Menu")
    link = page.locator(".main-nav").get_by_role("link", name="Questions fréquentes")
    assert button.get_attribute("aria-expanded") == "false"
    assert not link.is_visible()
    header_height = page.locator(".site-header").bounding_box()["height"]  # type: ignore[index]
    assert header_height < 100  # one row: the name and the button
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert link.is_visible()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert not link.is_visible()

    page.set_viewport_size({"width": 1280, "height": 800})
    assert not button.is_visible()
    assert link.is_visible()


def test_without_javascript_the_phone_menu_lists_every_link(
    browser: object, base_url: str, furnished: Organization
) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=base_url, viewport=PHONE, java_script_enabled=False, locale="fr-FR"
    )
    page = context.new_page()
    page.goto("/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator(".main-nav").get_by_role("link", name="Questions fréquentes").is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    context.close()
