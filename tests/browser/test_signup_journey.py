"""A newcomer signs up, confirms their e-mail, logs in and finds where the process stands."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.mail import EmailMessage
from django.utils import formats, timezone, translation
from playwright.sync_api import Page, expect

from tessera.processes.models import Process, Step
from tests.browser.conftest import PHONE, no_horizontal_scroll

pytestmark = pytest.mark.browser

EMAIL = "camille@example.org"
PASSWORD = "un mot de passe bien long"
CONFIRMATION_LINK = re.compile(r"https?://[^\s]+/accounts/confirm-email/[^\s/]+/")


def confirmation_link(outbox: list[EmailMessage]) -> str:
    assert len(outbox) == 1, [message.subject for message in outbox]
    found = CONFIRMATION_LINK.search(outbox[0].body)
    assert found, outbox[0].body
    return found.group(0)


def french_date(moment: object) -> str:
    """The date as the timeline prints it ("j F Y" in French, in the site's time zone)."""
    with translation.override("fr"):
        return formats.date_format(timezone.localtime(moment), "j F Y")  # type: ignore[arg-type]


def sign_up(page: Page) -> None:
    page.goto("/accounts/signup/")
    page.locator("input[name=display_name]").fill("Camille")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("input[name=accept_terms]").check()
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()


def test_a_newcomer_signs_up_confirms_and_reads_the_timeline_logged_in(
    page: Page, process: Process, mailoutbox: list[EmailMessage]
) -> None:
    sign_up(page)
    assert "/accounts/confirm-email/" in page.url

    link = confirmation_link(mailoutbox)
    assert link.startswith(page.url.split("/accounts/")[0])  # the link leads back to this site
    page.goto(link)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert EmailAddress.objects.get(email=EMAIL).verified
    # Confirming in the browser that signed up logs in: no password to type again.
    expect(page.locator("header form[action='/accounts/logout/'] button")).to_be_visible()

    page.goto("/")
    page.get_by_role("link", name=process.title).click()
    expect(page).to_have_url(re.compile(re.escape(process.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(process.title)

    timeline = page.locator("ol.timeline")
    steps = list(Step.objects.filter(process=process).order_by("starts_at"))
    items = timeline.locator("li")
    expect(items).to_have_count(3)
    phases = {"past": "Terminée", "current": "En cours", "upcoming": "À venir"}
    for item, step, (phase, label) in zip(items.all(), steps, phases.items(), strict=True):
        expect(item).to_have_class(f"phase-{phase}")
        expect(item.locator(".badge")).to_have_text(label)
        expect(item.get_by_role("link")).to_have_text(step.title)
        expect(item).to_contain_text(french_date(step.starts_at))
        expect(item).to_contain_text(french_date(step.ends_at))
    expect(timeline.locator("[aria-current=step]")).to_have_text(re.compile(steps[1].title))


def test_the_process_page_fits_a_phone_screen(page: Page, process: Process) -> None:
    page.set_viewport_size(PHONE)
    page.goto(process.get_absolute_url())
    expect(page.locator("ol.timeline li")).to_have_count(3)
    fits, width = no_horizontal_scroll(page)
    assert fits, f"the process page is {width} px wide on a {PHONE['width']} px screen"


def test_the_journey_pages_fit_a_phone_screen(page: Page, process: Process) -> None:
    page.set_viewport_size(PHONE)
    for path in ["/", "/accounts/signup/", "/accounts/login/", "/processes/"]:
        page.goto(path)
        fits, width = no_horizontal_scroll(page)
        assert fits, f"{path} is {width} px wide on a {PHONE['width']} px screen"
