"""Full-page screenshots of the main pages, at desktop and phone widths, for a person to look at.

They land in var/screenshots/ (git-ignored), named <page>-<width>.png: home, process, sign-up
(empty and with its errors), log-in and profile. The test only checks that each page rendered
and fits its width; the eyes do the rest.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page

from tessera.accounts.models import User
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tessera.processes.services import process_dates_refresh
from tests.browser.conftest import DESKTOP, PHONE, log_in, no_horizontal_scroll
from tests.conftest import PASSWORD
from tests.factories import DistrictFactory, ProcessFactory, StepFactory, ThemeFactory

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"


@pytest.fixture
def furnished_site(live_organization: Organization, process: Process) -> Process:
    """The process with themes and districts, and an upcoming one, as a real home shows."""
    process.themes.add(
        ThemeFactory(organization=live_organization, name="Mobilités"),
        ThemeFactory(organization=live_organization, name="Nature en ville"),
    )
    process.districts.add(DistrictFactory(organization=live_organization, name="Centre-ville"))
    upcoming = ProcessFactory(
        organization=live_organization,
        title="Consultation sur le plan vélo",
        summary="Donnez votre avis sur les futurs itinéraires cyclables.",
    )
    now = timezone.now()
    StepFactory(
        process=upcoming,
        title="Présentation",
        starts_at=now + timedelta(days=15),
        ends_at=now + timedelta(days=45),
    )
    process_dates_refresh(process=upcoming)
    return process


def shoot(page: Page, name: str) -> list[str]:
    """Save the page as it is at each width; name the widths it does not fit."""
    too_wide = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.screenshot(path=SCREENSHOTS / f"{name}-{viewport['width']}.png", full_page=True)
        fits, width = no_horizontal_scroll(page)
        if not fits:
            too_wide.append(f"{name} is {width} px wide at {viewport['width']} px")
    return too_wide


def test_it_saves_full_page_screenshots(
    page: Page, furnished_site: Process, resident: User
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for name, path in {
        "home": "/",
        "process": furnished_site.get_absolute_url(),
        "sign-up": "/accounts/signup/",
        "log-in": "/accounts/login/",
    }.items():
        response = page.goto(path)
        assert response is not None
        assert response.ok, f"{path} answered {response.status}"
        too_wide += shoot(page, name)

    page.set_viewport_size(DESKTOP)
    page.goto("/accounts/signup/")
    page.locator("input[name=email]").fill("camille@example.org")
    page.locator("input[name=password1]").fill("court")
    page.locator("main form").evaluate("form => form.noValidate = true")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    too_wide += shoot(page, "sign-up-errors")

    page.set_viewport_size(DESKTOP)
    log_in(page, resident.email, PASSWORD)
    page.goto("/accounts/profile/")
    too_wide += shoot(page, "profile")
    assert not too_wide, too_wide
