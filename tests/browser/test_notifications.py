"""The notification centre in Chromium: the header names the unread count, the page has no
axe violation at desktop and phone widths, marking as read works; screenshots for the eyes
in var/screenshots/notifications-centre-<width>.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from tessera.accounts.models import User
from tessera.notifications.models import Event, Notification
from tessera.notifications.tokens import unsubscribe_token
from tessera.processes.models import Process
from tests.browser.conftest import DESKTOP, PHONE, log_in, no_horizontal_scroll
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

AXE = Axe()
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"

HEADLINES = [
    ("proposal_status", "proposals", {"title": "Des bancs à l'ombre", "to_status": "eligible"}),
    ("comment_replied", "comments", {"title": "Des bancs à l'ombre", "author": "Camille"}),
    ("vote_closing", "processes", {"process": "Budget participatif 2026", "step": "Vote"}),
]


def notify(user: User, process: Process) -> None:
    for number, (kind, family, payload) in enumerate(HEADLINES):
        event = Event.objects.create(
            organization=user.organization,
            kind=kind,
            family=family,
            key=f"browser:{number}",
            payload={**payload, "path": process.get_absolute_url()},
        )
        Notification.objects.create(
            organization=user.organization,
            event=event,
            user=user,
            email="never",
            created_at=timezone.now(),
            read_at=timezone.now() if number == 2 else None,
        )


def test_the_notification_centre_is_accessible_and_marks_as_read(
    page: Page, resident: User, process: Process
) -> None:
    notify(resident, process)
    log_in(page, resident.email, PASSWORD)
    page.goto("/notifications/")
    link = page.get_by_role("link", name="Notifications, 2 non lues")
    expect(link).to_be_visible()
    link.focus()
    expect(link).to_be_focused()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.screenshot(
            path=SCREENSHOTS / f"notifications-centre-{viewport['width']}.png", full_page=True
        )
        fits, width = no_horizontal_scroll(page)
        assert fits, f"{width} px wide at {viewport['width']} px"
        results = AXE.run(page)
        assert not results.violations_count, results.generate_report()

    page.set_viewport_size(DESKTOP)
    with page.expect_navigation():
        page.get_by_role("button", name="Tout marquer comme lu").click()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("0 notification non lue")


def test_the_preferences_page_is_accessible(page: Page, resident: User, process: Process) -> None:
    log_in(page, resident.email, PASSWORD)
    page.goto("/notifications/preferences/")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        results = AXE.run(page)
        assert not results.violations_count, results.generate_report()


def test_the_unsubscribe_page_is_accessible_without_logging_in(
    page: Page, resident: User, process: Process
) -> None:
    token = unsubscribe_token(user_id=resident.pk, family="proposals")
    page.goto(f"/notifications/unsubscribe/{token}/")
    expect(page.locator("main form button[type=submit]")).to_be_visible()
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        fits, width = no_horizontal_scroll(page)
        assert fits, f"{width} px wide at {viewport['width']} px"
        results = AXE.run(page)
        assert not results.violations_count, results.generate_report()
