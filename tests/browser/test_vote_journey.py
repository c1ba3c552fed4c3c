"""A resident fills a budget ballot on a 375 px screen: the selection goes over the envelope,
the French message says so, the resident removes a proposal, submits, sees the confirmation,
changes the ballot and submits again; one ballot is stored, with the new choices, and the
thank-you e-mail arrives. axe finds no violation on the vote page (empty basket, over budget)
nor on the published results page and the staff reset page, at phone and desktop widths;
screenshots land in var/screenshots/ for a person to look at."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from playwright.sync_api import Page

from tessera.accounts.models import Role, User
from tessera.organizations.models import Organization, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting.ballot_rules import Choice
from tessera.voting.models import Ballot, BallotChoice, Participation
from tessera.voting.services import ballot_submit
from tessera.voting.services.results import results_publish
from tests.browser.conftest import DESKTOP, PHONE, log_in, no_horizontal_scroll
from tests.conftest import PASSWORD, make_user, run_tasks
from tests.factories import ProcessFactory, ThemeFactory
from tests.proposals.factories import CollectStepFactory
from tests.voting.conftest import eligible, vote_step_in, vote_url
from tests.voting.test_results import cast

pytestmark = pytest.mark.browser

AXE = Axe()
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
ENVELOPE = 500_000
# Title and cost of the eligible proposals (together 1 020 000 €).
PROJECTS = {
    "Un jardin partagé au square Pasteur": 150_000,
    "Des pistes cyclables rue Jean-Jaurès": 200_000,
    "Une aire de jeux inclusive": 120_000,
    "Des fontaines à eau dans les parcs": 60_000,
    "Des bancs à l'ombre place Carnot": 90_000,
    "Une boîte à livres par quartier": 400_000,
}
OVER_BUDGET = "Votre sélection dépasse l'enveloppe de"


@pytest.fixture
def theme(live_organization: Organization) -> Theme:
    return ThemeFactory(organization=live_organization, name="Nature en ville", slug="nature")


def budget_process(organization: Organization, slug: str, title: str) -> tuple[Process, Step]:
    """A process with a past collect step: its eligible proposals are on the vote's ballot."""
    process = ProcessFactory(organization=organization, slug=slug, title=title)
    now = timezone.now()
    collect = CollectStepFactory(
        process=process,
        title="Dépôt des idées",
        starts_at=now - timedelta(days=60),
        ends_at=now - timedelta(days=30),
    )
    return process, collect


@pytest.fixture
def proposals(live_organization: Organization, theme: Theme) -> dict[str, Proposal]:
    _process, collect = budget_process(
        live_organization, "budget-participatif-2026", "Budget participatif 2026"
    )
    return {title: eligible(collect, theme, cost, title=title) for title, cost in PROJECTS.items()}


@pytest.fixture
def open_step(proposals: dict[str, Proposal]) -> Step:
    """The vote running now: a budget ballot of 500 000 €, changeable until the close."""
    process = next(iter(proposals.values())).step.process
    step = vote_step_in(
        process, "during", kind="budget", budget=ENVELOPE, min_choices=1, ballot_changeable=True
    )
    step.title = "Vote des habitants"
    step.save(update_fields=["title"])
    return step


@pytest.fixture
def published_step(live_organization: Organization, theme: Theme) -> Step:
    """Last year's vote, closed, with published results."""
    process, collect = budget_process(
        live_organization, "budget-participatif-2025", "Budget participatif 2025"
    )
    chosen = [
        eligible(collect, theme, cost, title=f"{title} (2025)") for title, cost in PROJECTS.items()
    ]
    step = vote_step_in(process, "after", kind="budget", budget=ENVELOPE)
    cast(step, (12, chosen[:2]), (7, [chosen[2], chosen[3]]), (4, [chosen[5]]), (2, chosen[3:5]))
    results_publish(step=step, published_by=None)
    return step


@pytest.fixture
def voter(live_organization: Organization) -> User:
    return make_user(live_organization, display_name="Rémi Habitant", email="remi@example.org")


def axe_report(page: Page, widths: tuple[dict[str, int], ...] = (PHONE, DESKTOP)) -> str:
    reports = []
    for viewport in widths:
        page.set_viewport_size(viewport)
        results = AXE.run(page)
        if results.violations_count:
            reports.append(f"at {viewport['width']} px, {page.url}\n{results.generate_report()}")
    return "\n\n".join(reports)


def open_page(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None, path
    assert response.status == 200, f"{path} answered {response.status}"


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.screenshot(path=SCREENSHOTS / f"{name}-{viewport['width']}.png", full_page=True)


def basket_action(page: Page, proposal: Proposal, action: str, where: str = ".vote-cards") -> None:
    """Press a proposal's add / remove button (a plain form: the page comes back)."""
    form = page.locator(f"{where} form:has(input[name=proposal][value='{proposal.pk}'])")
    with page.expect_navigation():
        form.locator(f"button[name=action][value={action}]").click()


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("form.submit-ballot [type=submit]").click()


def assert_fits(page: Page, what: str) -> None:
    fits, width = no_horizontal_scroll(page)
    assert fits, f"{what} takes {width} px on a 375 px screen"


def test_a_resident_fills_a_budget_ballot_on_a_phone_then_changes_it(
    page: Page,
    open_step: Step,
    proposals: dict[str, Proposal],
    voter: User,
    mailoutbox: list[EmailMessage],
) -> None:
    garden, bikes, playground, fountains, benches, books = proposals.values()
    page.set_viewport_size(PHONE)
    log_in(page, voter.email, PASSWORD)
    open_page(page, vote_url(open_step))
    assert page.locator(".basket-lines").count() == 0
    assert_fits(page, "the empty vote page")

    # 150 000 + 200 000 + 120 000 + 60 000 = 530 000 € on a 500 000 € envelope.
    for proposal in (garden, bikes, playground, fountains):
        basket_action(page, proposal, "add")
    total = page.locator(".running-total").inner_text()
    assert "530" in total, total
    assert "500" in total, total
    errors = page.locator(".ballot-errors")
    assert errors.is_visible()
    # It says by how much the basket is over: 530 000 − 500 000 = 30 000 €.
    assert f"{OVER_BUDGET} 30\u202f000\u00a0€" in errors.inner_text()
    assert_fits(page, "the over-budget vote page")
    assert Ballot.objects.count() == 0  # a draft is not a ballot

    # Without the cycle lanes: 330 000 €, within the envelope.
    basket_action(page, bikes, "remove", where=".basket-lines")
    assert page.locator(".ballot-errors").count() == 0
    assert "330" in page.locator(".running-total").inner_text()
    submit(page)
    assert page.url.split("?")[0].endswith("/vote/thanks/")
    assert page.get_by_role("heading", name="Merci d’avoir voté").is_visible()
    confirmation = page.locator("main").inner_text()
    for proposal in (garden, playground, fountains):
        assert proposal.title in confirmation
    assert bikes.title not in confirmation
    assert_fits(page, "the confirmation")

    # Back to the vote: the fountains give way to the benches (330 000 → 360 000 €).
    with page.expect_navigation():
        page.locator("main a.button[href*='/vote/']").last.click()
    assert "Votre bulletin est enregistré" in page.locator(".ballot-state").inner_text()
    basket_action(page, fountains, "remove", where=".basket-lines")
    basket_action(page, benches, "add")
    assert "modifications" in page.locator(".ballot-state").inner_text()
    assert_fits(page, "the vote page with changes")
    submit(page)
    assert page.url.split("?")[0].endswith("/vote/thanks/")
    assert benches.title in page.locator("main").inner_text()

    ballot = Ballot.objects.get()
    assert ballot.step == open_step
    assert Participation.objects.get(step=open_step).voter == voter  # the ballot names nobody
    chosen = set(BallotChoice.objects.filter(ballot=ballot).values_list("proposal_id", flat=True))
    assert chosen == {garden.pk, playground.pk, benches.pk}
    assert books.pk not in chosen
    run_tasks()  # the notifications' worker
    assert len(mailoutbox) == 2  # one thank-you per submission
    message = mailoutbox[-1]
    assert message.to == [voter.email]
    assert benches.title in message.body
    assert fountains.title not in message.body


def test_the_vote_and_results_pages_have_no_violation_and_are_photographed(
    page: Page,
    open_step: Step,
    published_step: Step,
    proposals: dict[str, Proposal],
    voter: User,
) -> None:
    garden, bikes, playground, fountains, _benches, books = proposals.values()
    log_in(page, voter.email, PASSWORD)

    open_page(page, vote_url(open_step))
    assert not (report := axe_report(page)), f"vote page, empty basket:\n{report}"
    screenshot(page, "vote-page-empty")

    page.set_viewport_size(PHONE)
    for proposal in (garden, bikes, playground, fountains, books):
        basket_action(page, proposal, "add")
    assert OVER_BUDGET in page.locator(".ballot-errors").inner_text()
    assert not (report := axe_report(page)), f"vote page, over budget:\n{report}"
    screenshot(page, "vote-page-over-budget")

    open_page(page, vote_url(open_step, "code"))
    assert not (report := axe_report(page)), f"voting-code page:\n{report}"
    page.locator("input[name=code]").fill("AAAA-BBBB-CCCC")
    with page.expect_navigation():  # an unknown code, no choice: the form comes back with errors
        page.locator("form:has(input[name=code]) button:not([name])").click()
    assert page.locator(".errorlist, .ballot-errors").count() > 0
    assert not (report := axe_report(page)), f"voting-code page with errors:\n{report}"
    page.set_viewport_size(PHONE)
    assert_fits(page, "the voting-code page")
    screenshot(page, "vote-code-page")

    open_page(page, vote_url(published_step, "results"))
    assert page.locator("svg.results-chart").count() == 1
    assert page.locator("a[href$='results.xlsx']").is_visible()
    assert not (report := axe_report(page)), f"results page:\n{report}"
    page.set_viewport_size(PHONE)
    assert_fits(page, "the results page")
    screenshot(page, "results-page")


@pytest.fixture
def manager(live_organization: Organization) -> User:
    return make_user(live_organization, Role.MANAGER, email="claire@example.org")


def test_the_reset_page_has_no_violation_and_is_photographed(
    page: Page,
    open_step: Step,
    proposals: dict[str, Proposal],
    voter: User,
    manager: User,
) -> None:
    first = next(iter(proposals.values()))
    ballot_submit(voter=voter, step=open_step, choices=[Choice(first.pk)])
    log_in(page, manager.email, PASSWORD)
    open_page(page, vote_url(open_step, "manage"))
    assert page.locator(f"a[href$='{vote_url(open_step, 'manage/reset')}']").count() == 1
    open_page(page, vote_url(open_step, "manage/reset"))
    assert not (report := axe_report(page)), f"reset page:\n{report}"
    page.locator("input[name=confirmation]").fill("pas le bon titre")
    with page.expect_navigation():
        page.locator("form:has(input[name=confirmation]) button[type=submit]").click()
    assert page.locator(".ballot-errors").count() == 1
    assert not (report := axe_report(page)), f"reset page with errors:\n{report}"
    page.set_viewport_size(PHONE)
    assert_fits(page, "the reset page")
    screenshot(page, "vote-reset-page")


def test_the_preview_and_publication_pages_have_no_violation_and_are_photographed(
    page: Page, live_organization: Organization, theme: Theme, manager: User
) -> None:
    process, collect = budget_process(live_organization, "budget-2027", "Budget participatif 2027")
    chosen = [eligible(collect, theme, cost, title=title) for title, cost in PROJECTS.items()]
    step = vote_step_in(process, "after", kind="budget", budget=ENVELOPE)
    cast(step, (9, chosen[:2]), (5, [chosen[2]]), (3, chosen[3:5]))
    log_in(page, manager.email, PASSWORD)
    open_page(page, vote_url(step, "manage/publish"))
    assert not (report := axe_report(page)), f"preview page:\n{report}"
    page.set_viewport_size(PHONE)
    assert_fits(page, "the preview page")
    screenshot(page, "vote-publish-preview")
    page.locator("input[name=confirm]").check()
    with page.expect_navigation():
        page.locator("form:has(input[name=confirm]) button[type=submit]").click()
    assert page.url.endswith("/manage/publication/")
    assert not (report := axe_report(page)), f"publication page:\n{report}"
    screenshot(page, "vote-publication-progress")
