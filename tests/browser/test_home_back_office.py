"""An administrator who is not a developer arranges the home page and the menus in a browser;
every back-office page passes axe and fits a phone. Screenshots land in var/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Page

from tessera.accounts.models import Role
from tessera.branding.models import ContentPage, HomeSection, Redirect, SectionKind
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    log_in,
    no_horizontal_scroll,
    wider_than_viewport,
)
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

AXE = Axe()
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"


def check(page: Page, name: str) -> list[str]:
    """axe and the width at both sizes; a screenshot of each for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.screenshot(path=SCREENSHOTS / f"{name}-{viewport['width']}.png", full_page=True)
        fits, width = no_horizontal_scroll(page)
        if not fits:
            problems.append(
                f"{name} is {width} px wide at {viewport['width']} px: {wider_than_viewport(page)}"
            )
        results = AXE.run(page)
        if results.violations_count:
            problems.append(f"{name} at {viewport['width']} px\n{results.generate_report()}")
    page.set_viewport_size(DESKTOP)
    return problems


def test_an_administrator_arranges_the_home_page_and_the_menus(
    page: Page, live_organization: Organization, process: Process
) -> None:
    admin = make_user(live_organization, Role.ADMINISTRATOR)
    log_in(page, admin.email, PASSWORD)
    problems = []

    page.goto("/site/manage/")
    page.get_by_role("link", name="Sections de la page d’accueil").click()
    page.get_by_label("Type de section").select_option(SectionKind.TEXT)
    page.get_by_role("button", name="Ajouter la section").click()
    page.get_by_label("Titre").fill("Participer, même sans ordinateur")
    page.get_by_label("Texte", exact=True).fill("Des permanences ont lieu **chaque samedi**.")
    page.get_by_role("button", name="Prévisualisation").click()
    assert page.locator(".home-preview strong").inner_text() == "chaque samedi"
    problems += check(page, "manage-section-edit")
    page.get_by_role("button", name="Enregistrer").click()

    text = HomeSection.objects.get(kind=SectionKind.TEXT)
    row = page.locator(f"#section-{text.pk}")
    for _step in range(2):
        row.get_by_role("button", name="Monter").click()
    assert HomeSection.objects.values_list("kind", flat=True).first() == SectionKind.TEXT
    problems += check(page, "manage-sections")

    page.goto("/site/manage/pages/add/")
    page.get_by_label("Titre").fill("Questions fréquentes")
    page.get_by_label("Adresse").fill("faq")
    page.get_by_label("Type", exact=True).select_option("faq")
    page.get_by_label("Texte", exact=True).fill("## Qui peut participer ?\n\nToute personne.")
    page.get_by_label("Publiée").check()
    problems += check(page, "manage-page-edit")
    page.get_by_role("button", name="Enregistrer").click()
    assert ContentPage.objects.filter(slug="faq", is_published=True).exists()
    problems += check(page, "manage-pages")

    page.goto("/site/manage/menus/")
    page.get_by_label("Mène à").select_option(label="Questions fréquentes")
    page.get_by_role("button", name="Ajouter le lien").click()
    page.get_by_label("Menu", exact=True).select_option("footer")
    page.get_by_label("Mène à").select_option(label=process.title)
    page.get_by_role("button", name="Ajouter le lien").click()
    problems += check(page, "manage-menus")

    page.goto("/site/manage/redirects/add/")
    page.get_by_label("Chemin").fill("/budget")
    page.get_by_label("Destination").fill(process.get_absolute_url())
    page.get_by_role("button", name="Enregistrer").click()
    assert Redirect.objects.filter(path="/budget").exists()
    problems += check(page, "manage-redirects")
    page.goto(f"/site/manage/redirects/{Redirect.objects.get().pk}/remove/")
    problems += check(page, "manage-remove")
    page.goto("/site/manage/newsletter/")
    problems += check(page, "manage-newsletter")

    page.goto("/")
    assert page.locator("main section").first.inner_text().startswith("Participer")
    assert page.locator(".main-nav").get_by_role("link", name="Questions fréquentes").is_visible()
    assert page.locator(".site-footer").get_by_role("link", name=process.title).is_visible()
    problems += check(page, "home-arranged")
    page.goto("/site/manage/")
    problems += check(page, "identity-editor")
    assert not problems, "\n\n".join(problems)
