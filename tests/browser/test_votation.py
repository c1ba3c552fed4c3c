"""A resident casts a votation ballot on a 375 px phone: a vote sent without an answer is
refused in French, then "Non" is cast and the receipt shown, then checked. After the close the
results and the staff's polling stations page. axe finds no violation on any of these pages, at
either width; they are saved to var/screenshots/votation-*.png for a person to look at."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tessera.accounts.models import User
from tessera.processes.models import Process
from tessera.votations.models import Participation, VotationSettings
from tessera.votations.services import ballot_cast, station_save
from tests.browser.conftest import PHONE, log_in
from tests.browser.test_accessibility import violations_at_each_width
from tests.browser.test_screenshots import SCREENSHOTS, shoot
from tests.conftest import PASSWORD, make_user
from tests.votations.conftest import close, votation_in

pytestmark = pytest.mark.browser


def check(page: Page, name: str) -> None:
    """No axe violation at either width, and the page saved at both (it fits them)."""
    report = violations_at_each_width(page)
    assert not report, f"{name}:\n{report}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert shoot(page, f"votation-{name}") == []
    page.set_viewport_size(PHONE)


def test_a_resident_casts_a_votation_ballot_on_a_phone(
    page: Page, resident: User, manager: User, process: Process, settings: Any
) -> None:
    settings.VOTATION_MIX_BATCH = 1000
    v = votation_in(process, eligible_population=40, codes_allowed=True)
    page.set_viewport_size(PHONE)
    log_in(page, resident.email, PASSWORD)
    page.goto(v.url())
    assert page.get_by_role("group", name="Approuvez-vous l'accord ?").is_visible()
    check(page, "ballot")
    with page.expect_navigation():
        page.get_by_role("button", name="Voter").click()
    assert "Choisissez une réponse." in page.content()
    check(page, "ballot-error")
    page.get_by_label("Non", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Voter").click()
    assert "Merci : votre vote est enregistré." in page.content()
    receipt = page.locator(".receipt").inner_text()
    check(page, "receipt")
    assert Participation.objects.filter(step=v.step, voter=resident).count() == 1

    page.get_by_role("link", name="Vérifier un reçu").click()
    page.get_by_label("Reçu").fill(receipt)
    with page.expect_navigation():
        page.get_by_role("button", name="Vérifier").click()
    assert "prochain lot" in page.content()
    check(page, "receipt-check")

    for label in ("Oui", "Non", "Non"):
        voter = make_user(process.organization)
        ballot_cast(settings=v.settings, voter=voter, answer=v.answer(label).pk)
    station_save(step=v.step, name="Mairie", signatures=12, totals={a.pk: 4 for a in v.answers})
    close(v)
    page.goto(v.results_url())
    assert "votants ont choisi « Non »" in page.content()
    check(page, "results")

    VotationSettings.objects.filter(pk=v.settings.pk).update(census_required=True)
    page.context.clear_cookies()
    log_in(page, manager.email, PASSWORD)
    page.goto(f"/manage{v.url()}votation/stations/")
    assert (
        page.get_by_role("cell", name="Mairie").count()
        + page.get_by_role("rowheader", name="Mairie").count()
        == 1
    )
    check(page, "stations")
