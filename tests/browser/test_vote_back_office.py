"""The vote's back-office pages in a browser, at 1280 and 375 px: the settings form in
sections (first open, a section with an error opens on it) and the staff's residence checks,
each with no axe violation and no sideways scroll on a phone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tessera.accounts.models import Role
from tessera.processes.models import Process
from tessera.voting.models import VoteSettings
from tests.browser.conftest import DESKTOP, PHONE, log_in, no_horizontal_scroll
from tests.browser.test_manage import budget  # noqa: F401  (the fixture)
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

AXE = Axe()
# VOTE_SHOTS=folder keeps the screenshots (to look at them while working on the pages).
SHOTS = Path(os.environ["VOTE_SHOTS"]) if os.environ.get("VOTE_SHOTS") else None


def checked(page: Page, name: str) -> None:
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        if SHOTS:
            page.screenshot(path=str(SHOTS / f"{name}-{viewport['width']}.png"), full_page=True)
        results = AXE.run(page)
        assert not results.violations_count, results.generate_report()
        fits, width = no_horizontal_scroll(page)
        assert fits, f"{name} is {width} px wide at {viewport['width']} px"


def test_the_settings_in_sections_and_the_residence_checks_pass_axe(
    page: Page,
    budget: Process,  # noqa: F811
) -> None:
    vote = budget.steps.get(kind="vote")
    VoteSettings.objects.create(organization=budget.organization, step=vote, budget=100_000)
    manager = make_user(budget.organization, Role.MANAGER)
    log_in(page, manager.email, PASSWORD)
    page.goto(f"/manage/processes/{budget.slug}/steps/{vote.pk}/")
    assert page.locator("details.settings-section[open]").count() == 1
    checked(page, "vote-settings")
    page.set_viewport_size(DESKTOP)
    page.locator("#settings-eligibility > summary").click()
    page.get_by_label("âge minimum", exact=False).fill("-3")
    # The server's own refusal (the browser would stop a negative age first).
    page.locator("form:has(#settings-ballot)").evaluate("form => { form.noValidate = true; }")
    with page.expect_navigation():
        page.locator("form:has(#settings-ballot) button[type=submit]").last.click()
    assert page.locator("#settings-eligibility[open]").count() == 1
    checked(page, "vote-settings-error")
    page.goto(f"/processes/{budget.slug}/steps/{vote.pk}/vote/manage/")
    page.get_by_role("link", name="Vérifications de résidence").click()
    page.get_by_label("Adresse e-mail ou nom").fill(manager.email[:6])
    with page.expect_navigation():
        page.get_by_role("button", name="Rechercher").click()
    assert page.locator("tbody tr").count() >= 1
    checked(page, "vote-residence")
    # On a phone each resident is a card: nothing scrolls sideways, not even inside the
    # table's own region, and the check is recorded without scrolling right.
    page.set_viewport_size(PHONE)
    region = page.locator(".table-scroll")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert page.locator("tbody tr").first.evaluate("el => getComputedStyle(el).display") == "block"
    button = page.get_by_role("button", name="Enregistrer").first.bounding_box()
    assert button is not None
    assert button["x"] + button["width"] <= PHONE["width"]
