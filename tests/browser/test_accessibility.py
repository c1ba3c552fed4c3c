"""axe finds no WCAG violation on the public pages, the account pages and the 404, at desktop
and phone widths."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tessera.accounts.models import User
from tessera.branding.models import ContentPage
from tessera.branding.services_content import content_page_save
from tessera.processes.models import Process
from tests.browser.conftest import DESKTOP, PHONE, log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

AXE = Axe()


def violations_at_each_width(page: Page) -> str:
    """axe's report for every width with a violation; empty when the page passes at all."""
    reports = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        results = AXE.run(page)
        if results.violations_count:
            reports.append(f"at {viewport['width']} px, {page.url}\n{results.generate_report()}")
    return "\n\n".join(reports)


def open_page(page: Page, path: str, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"


PUBLIC_PAGES: dict[str, Callable[[Process], str]] = {
    "home": lambda process: "/",
    "process-list": lambda process: "/processes/",
    "process": lambda process: process.get_absolute_url(),
    "step": lambda process: process.steps.order_by("starts_at")[1].get_absolute_url(),
    "sign-up": lambda process: "/accounts/signup/",
    "log-in": lambda process: "/accounts/login/",
    "password-reset": lambda process: "/accounts/password/reset/",
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_a_public_page_has_no_violation(page: Page, process: Process, name: str) -> None:
    open_page(page, PUBLIC_PAGES[name](process))
    report = violations_at_each_width(page)
    assert not report, f"{name}:\n{report}"


def test_the_sign_up_form_with_its_errors_has_no_violation(page: Page, process: Process) -> None:
    open_page(page, "/accounts/signup/")
    page.locator("input[name=display_name]").fill("Camille")
    page.locator("input[name=email]").fill("not-an-address@")
    page.locator("input[name=password1]").fill("court")
    page.locator("input[name=password2]").fill("différent")
    # Skip the browser's own checks so that the server's messages are the ones displayed.
    page.locator("main form").evaluate("form => form.noValidate = true")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert page.locator("[aria-invalid=true]").count() >= 2
    report = violations_at_each_width(page)
    assert not report, f"sign-up with errors:\n{report}"


def test_the_profile_page_has_no_violation(page: Page, resident: User, process: Process) -> None:
    log_in(page, resident.email, PASSWORD)
    open_page(page, "/accounts/profile/")
    report = violations_at_each_width(page)
    assert not report, f"profile:\n{report}"


def test_the_not_found_page_has_no_violation(page: Page, process: Process) -> None:
    open_page(page, "/this-page-does-not-exist/", status=404)
    report = violations_at_each_width(page)
    assert not report, f"404:\n{report}"


def test_a_content_page_keeps_a_valid_heading_order_whatever_staff_typed(
    page: Page, process: Process
) -> None:
    # The demo's FAQ starts with "###" right under the page's h1: axe's heading-order.
    content_page_save(
        page=ContentPage(
            organization=process.organization,
            title="Questions fréquentes",
            slug="questions-frequentes",
            kind="faq",
            body="### Qui peut participer ?\n\nToute personne.\n\n###### Un détail\n\nOui.",
        )
    )
    open_page(page, "/pages/questions-frequentes/")
    report = violations_at_each_width(page)
    assert not report, report
