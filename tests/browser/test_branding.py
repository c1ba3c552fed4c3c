"""The home page in two different identities: screenshots to look at, and axe on both.

Screenshots land in var/screenshots/branding-<identity>-<width>.png.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Page

from tessera.accounts.models import Role
from tessera.branding.colors import ROLES
from tessera.branding.demo import LOGO_SVG
from tessera.branding.images import sanitize_svg
from tessera.branding.models import (
    ContentPage,
    HomeSection,
    Menu,
    MenuItem,
    SectionKind,
    SiteSettings,
)
from tessera.branding.selectors import site_settings_for
from tessera.branding.services import branding_cache_forget, home_section_save, menu_item_save
from tessera.branding.services_content import content_page_save
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tests.browser.conftest import DESKTOP, PHONE, log_in, no_horizontal_scroll
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

AXE = Axe()
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"

IDENTITIES = {
    "light": {
        "site_name": "Démo participe",
        "tagline": "Proposez, débattez, votez : la ville se construit avec vous.",
        "primary_color": "#0f5d57",
        "secondary_color": "#fbf1df",
        "background_color": "#ffffff",
        "text_color": "#1f2933",
        "title_font": "source-serif-4",
        "body_font": "source-sans-3",
        # Colour roles set by hand: a dark header, its menu in light, a warm footer.
        "colors": {
            "header-background": "#0f3d3a",
            "header-text": "#ffffff",
            "menu-link": "#fbf1df",
            "header-border": "#e0a040",
            "footer-background": "#0f3d3a",
            "footer-text": "#ffffff",
            "footer-link": "#fbf1df",
            "tag-background": "#fbf1df",
        },
    },
    "dark": {
        "site_name": "Métropole en commun",
        "tagline": "La métropole décide avec ses habitantes et ses habitants.",
        "primary_color": "#ffd166",
        "secondary_color": "#2b2f4a",
        "background_color": "#16182b",
        "text_color": "#f4f4f8",
        "title_font": "montserrat",
        "body_font": "atkinson-hyperlegible",
    },
}


def furnish_home(organization: Organization) -> None:
    sections = [
        (
            SectionKind.HERO,
            "Vous proposez, vous choisissez, nous réalisons",
            "Un budget pour vos idées.",
        ),
        (SectionKind.PROCESSES, "", ""),
        (SectionKind.FIGURES, "", ""),
        (SectionKind.TEXT, "Participer sans ordinateur", "Des permanences chaque **samedi**."),
        (SectionKind.NEWSLETTER, "", ""),
    ]
    for position, (kind, title, body) in enumerate(sections):
        home_section_save(
            section=HomeSection(
                organization=organization, kind=kind, position=position, title=title, body=body
            )
        )
    for slug, title, menu in [
        ("mentions", "Mentions légales", Menu.FOOTER),
        ("donnees", "Données personnelles", Menu.FOOTER),
        ("accessibilite", "Accessibilité", Menu.FOOTER),
        ("faq", "Questions fréquentes", Menu.HEADER),
    ]:
        page = content_page_save(
            page=ContentPage(
                organization=organization, slug=slug, title=title, kind="other", body="Texte."
            )
        )
        menu_item_save(item=MenuItem(organization=organization, menu=menu, page=page))


def apply_identity(organization: Organization, name: str) -> None:
    identity = SiteSettings.objects.get(organization=organization)
    for field, value in IDENTITIES[name].items():
        setattr(identity, field, value)
    identity.version += 1
    identity.save()
    branding_cache_forget(organization.pk)


@pytest.fixture
def branded_home(live_organization: Organization, process: Process) -> Organization:
    furnish_home(live_organization)
    identity = site_settings_for(live_organization)
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    identity.logo.name = default_storage.save(
        f"{live_organization.slug}/branding/logo.svg", ContentFile(sanitize_svg(LOGO_SVG))
    )
    identity.save()
    branding_cache_forget(live_organization.pk)
    return live_organization


@pytest.mark.parametrize("name", IDENTITIES)
def test_the_home_page_in_each_identity_has_no_violation(
    page: Page, branded_home: Organization, name: str
) -> None:
    apply_identity(branded_home, name)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    reports, too_wide = [], []
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        response = page.goto("/")
        assert response is not None
        assert response.ok
        page.evaluate("document.fonts.ready")
        assert page.title().endswith(IDENTITIES[name]["site_name"])
        assert page.locator("img.brand-logo").evaluate("image => image.naturalWidth") > 0
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == _rgb(IDENTITIES[name]["background_color"])
        page.screenshot(
            path=SCREENSHOTS / f"branding-{name}-{viewport['width']}.png", full_page=True
        )
        fits, width = no_horizontal_scroll(page)
        if not fits:
            too_wide.append(f"{width} px at {viewport['width']} px")
        results = AXE.run(page)
        if results.violations_count:
            reports.append(f"at {viewport['width']} px:\n{results.generate_report()}")
    assert not too_wide, too_wide
    assert not reports, "\n\n".join(reports)
    # The identity's fonts were drawn, and every file came from the site itself.
    assert any(url.endswith(".woff2") for url in fetched)
    site = urlsplit(page.url).netloc
    assert {urlsplit(url).netloc for url in fetched if url.startswith("http")} == {site}


def _rgb(color: str) -> str:
    red, green, blue = (int(color[index : index + 2], 16) for index in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def test_the_identity_editor_draws_each_font_in_itself_without_violation(
    page: Page, live_organization: Organization
) -> None:
    admin = make_user(live_organization, Role.ADMINISTRATOR)
    log_in(page, admin.email, PASSWORD)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    reports = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.goto("/site/manage/")
        page.evaluate("document.fonts.ready")
        label = page.locator("label.font-preview--lexend").first
        label.scroll_into_view_if_needed()
        # The preset's own file was fetched from this site and draws its name.
        assert page.evaluate("document.fonts.check('16px Lexend')")
        assert page.evaluate(
            "[...document.fonts].some(f => f.family.includes('Lexend') && f.status === 'loaded')"
        )
        # Every colour has the browser's picker beside its typed value, roles included.
        page.locator("details.color-roles > summary").click()
        assert page.locator("input.color-picker").count() == 4 + len(ROLES)
        picker = page.locator("#id_color_footer_link + input.color-picker")
        picker.evaluate("p => { p.value = '#123456'; p.dispatchEvent(new Event('input')); }")
        assert page.locator("#id_color_footer_link").input_value() == "#123456"
        assert no_horizontal_scroll(page)[0]
        page.screenshot(
            path=SCREENSHOTS / f"identity-editor-{viewport['width']}.png", full_page=True
        )
        results = AXE.run(page)
        if results.violations_count:
            reports.append(f"at {viewport['width']} px:\n{results.generate_report()}")
    assert not reports, "\n\n".join(reports)
