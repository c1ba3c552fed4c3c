"""Playwright fixtures: one headless Debian Chromium per session, a fresh context per test.

The browser talks to pytest-django's `live_server` (a thread of this process), on
http://localhost:PORT because the `organization` fixture owns the host "localhost".
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tessera.processes.services import process_dates_refresh
from tests.factories import ProcessFactory, StepFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
# Pages answer in milliseconds on the live server; a slow one is a bug worth a failure.
TIMEOUT_MS = 10_000


# One Playwright and one browser for the whole run of this folder. Package scope, not session
# scope: these fixtures are only visible in tests/browser anyway, and the event loop below must
# stop once its tests are done (see `playwright`).
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    # Playwright's sync API runs an asyncio event loop in the test thread (it switches to it
    # with greenlets) and marks it as running between its calls, until it stops. Django sees
    # that loop and refuses every ORM call from test code (factories, fixtures, assertions)
    # with SynchronousOnlyOperation, although nothing is concurrent: the test code and the loop
    # never run at the same time, and the live server answers from its own thread.
    # DJANGO_ALLOW_ASYNC_UNSAFE tells Django this is known and safe. It is set only while the
    # loop lives: set for the whole session, it would also reach the subprocesses other tests
    # start (`manage.py check --deploy` then fails with async.E001).
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


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    # A missing browser fails the run: a skipped journey would pass without testing anything.
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make chromium).")
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def base_url(live_server: object) -> str:
    port = live_server.thread.port  # type: ignore[attr-defined]
    return f"http://localhost:{port}"


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=base_url, viewport=DESKTOP, locale="fr-FR", timezone_id="Europe/Paris"
    )
    context.set_default_timeout(TIMEOUT_MS)
    # Every journey runs under the site's Content-Security-Policy: a page it breaks fails here.
    refused: list[str] = []
    context.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield context
    context.close()
    assert not refused, "\n".join(refused)


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def live_organization(transactional_db: None, organization: Organization) -> Organization:
    """The organisation of http://localhost, in a database the live server thread can read."""
    return organization


@pytest.fixture
def process(live_organization: Organization) -> Process:
    """An open process whose timeline has a past, a current and an upcoming step."""
    now = timezone.now()
    process = ProcessFactory(
        organization=live_organization,
        title="Budget participatif 2026",
        slug="budget-participatif-2026",
        summary="Proposez et choisissez les projets de votre quartier.",
    )
    days = timedelta(days=1)
    StepFactory(
        process=process,
        title="Présentation du budget",
        starts_at=now - 30 * days,
        ends_at=now - 10 * days,
    )
    StepFactory(
        process=process,
        title="Dépôt des idées",
        starts_at=now - 10 * days,
        ends_at=now + 10 * days,
    )
    StepFactory(
        process=process,
        title="Vote des habitants",
        starts_at=now + 20 * days,
        ends_at=now + 40 * days,
    )
    process_dates_refresh(process=process)
    return process


@pytest.fixture
def current_step(process: Process) -> Step:
    return process.steps.get(title="Dépôt des idées")


def log_in(page: Page, email: str, password: str) -> None:
    """Log in through the form, as a person would; ends on the page the form redirects to."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()


WIDER_THAN_VIEWPORT = """() => [...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(-5).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`)"""


def wider_than_viewport(page: Page) -> list[str]:
    """The last elements (the innermost ones) that stick out on the right: what to fix."""
    found: list[str] = page.evaluate(WIDER_THAN_VIEWPORT)
    return found


def no_horizontal_scroll(page: Page) -> tuple[bool, int]:
    """Whether the page fits its viewport's width, and the width it really takes."""
    width = page.evaluate("document.documentElement.scrollWidth")
    return width <= page.viewport_size["width"], width  # type: ignore[index]
