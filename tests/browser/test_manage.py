"""The back office in a browser: axe on every /manage/ page for a manager and an
administrator at 1280 and 375 px, and the menu button on a phone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page

from tessera.accounts.models import Role
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tessera.processes.services import process_dates_refresh
from tessera.proposals.models import CollectSettings
from tessera.stats.stored import figures_refresh
from tests.browser.conftest import DESKTOP, PHONE, log_in
from tests.conftest import PASSWORD, make_user
from tests.factories import ProcessFactory, ServiceFactory, StepFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.browser

AXE = Axe()
SHOTS: Path | None = None  # a folder to keep screenshots while working on the pages


@pytest.fixture
def budget(live_organization: Organization) -> Process:
    now = timezone.now().replace(second=0, microsecond=0)
    day = timedelta(days=1)
    process = ProcessFactory(
        organization=live_organization, title="Budget participatif 2026", slug="budget-2026"
    )
    StepFactory(
        process=process, title="Présentation", starts_at=now - 30 * day, ends_at=now - 10 * day
    )
    collect = StepFactory(
        process=process,
        kind="collect",
        title="Dépôt des idées",
        starts_at=now - 10 * day,
        ends_at=now + 10 * day,
    )
    CollectSettings.objects.create(organization=live_organization, step=collect)
    ProposalFactory(step=collect)  # the charts of the participation pages have a bar
    StepFactory(
        process=process, kind="vote", title="Vote", starts_at=now + 20 * day, ends_at=now + 40 * day
    )
    StepFactory(
        process=process,
        kind="results",
        title="Résultats",
        starts_at=now + 40 * day,
        ends_at=now + 50 * day,
    )
    StepFactory(
        process=process,
        kind="followup",
        title="Suivi",
        starts_at=now + 50 * day,
        ends_at=now + 400 * day,
    )
    process_dates_refresh(process=process)
    figures_refresh(organization=live_organization)  # the participation pages' figures
    return process


def pages_of(process: Process, role: Role) -> list[str]:
    collect = process.steps.get(kind="collect")
    vote = process.steps.get(kind="vote")
    pages = [
        "/manage/",
        "/manage/processes/",
        "/manage/processes/?q=budget&state=open",
        "/manage/processes/new/",
        f"/manage/processes/{process.slug}/",
        f"/manage/processes/{process.slug}/edit/",
        f"/manage/processes/{process.slug}/remove/",
        f"/manage/processes/{process.slug}/steps/{collect.pk}/",
        # The vote's settings form, with its formsets of envelopes and quotas.
        f"/manage/processes/{process.slug}/steps/{vote.pk}/",
        *(
            f"/manage/processes/{process.slug}/steps/{step.pk}/"
            for step in process.steps.filter(kind__in=["results", "followup"])
        ),
        "/manage/stats/",
        f"/manage/stats/processes/{process.slug}/",
        "/manage/themes-and-districts/",
        f"/manage/themes-and-districts/themes/{collect.proposals.get().theme_id}/",
    ]
    if role == Role.ADMINISTRATOR:
        person = process.organization.users.order_by("pk").first()
        pages += ["/manage/people/", "/manage/people/?q=a", f"/manage/people/{person.pk}/"]
        service = ServiceFactory(organization=process.organization, name="Voirie")
        pages += [f"/manage/themes-and-districts/services/{service.pk}/"]
    return pages


def violations(page: Page, path: str) -> str:
    reports = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        if SHOTS:
            name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
            page.screenshot(path=str(SHOTS / f"{name}-{viewport['width']}.png"), full_page=True)
        results = AXE.run(page)
        if results.violations_count:
            reports.append(f"at {viewport['width']} px, {path}\n{results.generate_report()}")
    return "\n\n".join(reports)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMINISTRATOR])
def test_every_back_office_page_has_no_violation(page: Page, budget: Process, role: Role) -> None:
    user = make_user(budget.organization, role)
    log_in(page, user.email, PASSWORD)
    reports = [violations(page, path) for path in pages_of(budget, role)]
    report = "\n\n".join(report for report in reports if report)
    assert not report, report


def test_the_forms_with_their_errors_have_no_violation(page: Page, budget: Process) -> None:
    user = make_user(budget.organization, Role.MANAGER)
    log_in(page, user.email, PASSWORD)
    page.goto(f"/manage/processes/{budget.slug}/")
    page.locator("#id_title").fill("Atelier")
    page.locator("#id_starts_at").fill("2020-01-01T10:00")
    page.locator("#id_ends_at").fill("2019-01-01T10:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajouter l’étape").click()
    assert page.locator("#id_ends_at_error").count() == 1
    assert page.locator("#id_title").input_value() == "Atelier"
    page.set_viewport_size(DESKTOP)
    assert not AXE.run(page).violations_count, AXE.run(page).generate_report()


def test_on_a_phone_the_menu_is_a_button(page: Page, budget: Process) -> None:
    user = make_user(budget.organization, Role.MANAGER)
    log_in(page, user.email, PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto("/manage/")
    button = page.get_by_role("button", name="Menu de l’espace de gestion")
    links = page.locator("#manage-nav-list")
    assert button.is_visible()
    assert not links.is_visible()
    button.click()
    assert links.is_visible()
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
