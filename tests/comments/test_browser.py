"""A resident comments and replies in Chromium on a phone-sized screen; axe finds no violation
on the proposal page with its discussion, nor on the moderation queue."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tessera.accounts.models import Role, User
from tessera.contributions.models import Contribution
from tessera.contributions.moderation import report_create
from tessera.contributions.services import ban_create
from tessera.organizations.models import Organization
from tessera.proposals.models import Proposal
from tests.browser import conftest as browser_fixtures
from tests.browser.conftest import (
    ASYNC_UNSAFE,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    log_in,
    no_horizontal_scroll,
)
from tests.comments.conftest import make_comment
from tests.conftest import PASSWORD, make_user
from tests.factories import ProcessFactory
from tests.proposals.factories import CollectStepFactory, ProposalFactory

pytestmark = pytest.mark.browser

AXE = Axe()

# The function-scoped fixtures of tests/browser (a fresh context and page per test).
base_url = browser_fixtures.base_url
context = browser_fixtures.context
page = browser_fixtures.page
live_organization = browser_fixtures.live_organization


# This module's own Playwright and browser, torn down with the module. Imported from
# tests/browser, the package-scoped ones would live until the end of the session when that
# folder does not run, and keep DJANGO_ALLOW_ASYNC_UNSAFE set for the subprocesses of later
# tests (see tests/browser/conftest.py).
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        if previous is None:
            del os.environ[ASYNC_UNSAFE]
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make chromium).")
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


def violations(page: Page) -> str:
    reports = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        results = AXE.run(page)
        if results.violations_count:
            reports.append(f"at {viewport['width']} px\n{results.generate_report()}")
    return "\n\n".join(reports)


@pytest.fixture
def discussed(live_organization: Organization) -> Proposal:
    now = timezone.now()
    step = CollectStepFactory(
        process=ProcessFactory(organization=live_organization, slug="budget"),
        starts_at=now - timedelta(days=5),
        ends_at=now + timedelta(days=5),
    )
    proposal = ProposalFactory(step=step, title="Des bancs à l’ombre")
    people = [make_user(live_organization) for _ in range(3)]
    top = make_comment(proposal, people[0], "Bonne idée, surtout près du marché.")
    make_comment(proposal, people[1], "D’accord, avec des accoudoirs.", parent=top)
    hidden = make_comment(proposal, people[2], "Propos déplacés")
    Contribution.objects.filter(pk=hidden.contribution_id).update(
        state="hidden", hidden_reason="Propos injurieux"
    )
    make_comment(proposal, None, "Un avis d’un compte supprimé.")
    Contribution.objects.filter(pk=proposal.contribution_id).update(comments_count=4)
    report_create(
        contribution=top.contribution, reporter=people[2], reason="spam", message="Publicité ?"
    )
    return proposal


def test_a_resident_comments_and_replies_on_a_phone(
    page: Page, live_organization: Organization, discussed: Proposal
) -> None:
    resident: User = make_user(live_organization, display_name="Rémi Habitant")
    page.set_viewport_size(PHONE)
    log_in(page, resident.email, PASSWORD)
    page.goto(discussed.get_absolute_url())
    page.get_by_label("Votre commentaire").fill("Et pourquoi pas une fontaine ?")
    with page.expect_navigation():
        page.get_by_role("button", name="Publier mon commentaire").click()
    assert page.get_by_text("Votre commentaire est publié.").is_visible()
    assert page.get_by_text("Et pourquoi pas une fontaine ?").is_visible()
    page.locator("details.comment-reply-box summary").first.click()
    page.locator("details.comment-reply-box textarea").first.fill("Bonne idée aussi !")
    with page.expect_navigation():
        page.get_by_role("button", name="Publier ma réponse").first.click()
    assert page.get_by_text("Bonne idée aussi !").is_visible()
    fits, width = no_horizontal_scroll(page)
    assert fits, f"the page is {width} px wide at 375 px"
    report = violations(page)
    assert not report, report


def test_the_moderation_queue_has_no_violation(
    page: Page, live_organization: Organization, discussed: Proposal
) -> None:
    moderator = make_user(live_organization, Role.MODERATOR)
    log_in(page, moderator.email, PASSWORD)
    page.goto("/manage/moderation/")
    assert page.get_by_text("Publicité ?").count() == 1
    report = violations(page)
    assert not report, report
    page.set_viewport_size(PHONE)
    fits, width = no_horizontal_scroll(page)
    assert fits, f"the queue is {width} px wide at 375 px"


def test_the_bans_page_has_no_violation(
    page: Page, live_organization: Organization, discussed: Proposal
) -> None:
    moderator = make_user(live_organization, Role.MODERATOR)
    banned = make_user(live_organization, display_name="Bruno Banni")
    ban_create(user=banned, moderator=moderator, reason="Insultes répétées")
    target = make_user(live_organization, display_name="Tina Cible")
    log_in(page, moderator.email, PASSWORD)
    page.goto(f"/manage/moderation/bans/?user={target.pk}")
    assert page.get_by_text("Insultes répétées").count() == 1
    report = violations(page)
    assert not report, report
    page.set_viewport_size(PHONE)
    fits, width = no_horizontal_scroll(page)
    assert fits, f"the bans page is {width} px wide at 375 px"


def test_a_support_updates_its_button_and_count_in_place(
    page: Page, live_organization: Organization, discussed: Proposal
) -> None:
    resident = make_user(live_organization)
    log_in(page, resident.email, PASSWORD)
    page.goto(discussed.get_absolute_url())
    marker = page.evaluate("() => (window.stayed = 'yes')")
    page.get_by_role("button", name="Je soutiens cette proposition").click()
    page.get_by_role("button", name="Retirer mon soutien").wait_for()
    assert page.get_by_text("1 personne soutient cette proposition.").count() == 2  # + announcer
    assert page.evaluate("() => window.stayed") == marker  # no page load
    assert page.evaluate("() => document.activeElement.textContent") == "Retirer mon soutien"
    page.get_by_role("button", name="Retirer mon soutien").click()
    page.get_by_role("button", name="Je soutiens cette proposition").wait_for()
    discussed.contribution.refresh_from_db()
    assert discussed.contribution.positive_count == 0
