"""A resident submits a proposal with an image on a phone, sees it in the list; an analyst
of the assigned service marks it eligible, the process manager records the decision with a
public answer and the author is e-mailed. axe finds no violation on the proposals pages (at
phone and desktop widths) nor on the analysis table and page; screenshots land in
var/screenshots/ for a person to look at."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from PIL import Image
from playwright.sync_api import BrowserContext, Page

from tessera.accounts.models import Role, User
from tessera.analysis.services import assignments_create
from tessera.organizations.models import Organization, Theme
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tests.browser.conftest import DESKTOP, PHONE, log_in, no_horizontal_scroll
from tests.conftest import PASSWORD, make_user, run_tasks
from tests.factories import ProcessFactory, ServiceFactory, ThemeFactory
from tests.proposals.factories import CollectStepFactory, ProposalFactory

pytestmark = pytest.mark.browser

AXE = Axe()
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
TITLE = "Des bancs à l'ombre place Carnot"
ANSWER = "Votre idée est recevable : elle sera soumise au vote des habitants."


@pytest.fixture
def theme(live_organization: Organization) -> Theme:
    return ThemeFactory(organization=live_organization, name="Nature en ville", slug="nature")


@pytest.fixture
def collect_step(live_organization: Organization, theme: Theme) -> Step:
    process = ProcessFactory(
        organization=live_organization, slug="budget-2026", title="Budget participatif 2026"
    )
    now = timezone.now()
    return CollectStepFactory(
        process=process,
        title="Dépôt des idées",
        starts_at=now - timedelta(days=5),
        ends_at=now + timedelta(days=5),
    )


@pytest.fixture
def author(live_organization: Organization) -> User:
    return make_user(live_organization, display_name="Alice Autrice", email="alice@example.org")


@pytest.fixture
def analyst(live_organization: Organization) -> User:
    user = make_user(live_organization, display_name="Anissa Analyste")
    ServiceFactory(organization=live_organization, name="Voirie").members.add(user)
    return user


@pytest.fixture
def manager(live_organization: Organization) -> User:
    return make_user(live_organization, Role.MANAGER, display_name="Marc Manager")


def list_url(step: Step) -> str:
    return f"/processes/{step.process.slug}/steps/{step.pk}/"


def proposal_url(step: Step, proposal: Proposal) -> str:
    return f"/processes/{step.process.slug}/steps/{step.pk}/proposals/{proposal.pk}/"


def manage_url(step: Step, proposal: Proposal | None = None) -> str:
    base = f"/manage/analysis/processes/{step.process.slug}/proposals/"
    return base + (f"{proposal.pk}/" if proposal else "")


def write_png(path: Path) -> Path:
    Image.new("RGB", (64, 48), (30, 120, 60)).save(path, format="PNG")
    return path


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


def log_out(context: BrowserContext) -> None:
    context.clear_cookies()


def test_a_proposal_from_submission_to_its_eligibility_e_mail(
    context: BrowserContext,
    page: Page,
    collect_step: Step,
    theme: Theme,
    author: User,
    analyst: User,
    manager: User,
    mailoutbox: list[EmailMessage],
    tmp_path: Path,
) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, author.email, PASSWORD)
    open_page(page, list_url(collect_step))
    with page.expect_navigation():
        page.locator(f"main a[href$='/steps/{collect_step.pk}/proposals/new/']").first.click()
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=description]").fill(
        "Installer six bancs sous les platanes de la place Carnot, pour les personnes âgées "
        "qui attendent le bus en plein soleil l'été."
    )
    page.locator("select[name=theme]").select_option(str(theme.pk))
    page.locator("input[name=images]").set_input_files(write_png(tmp_path / "bancs.png"))
    fits, width = no_horizontal_scroll(page)
    assert fits, f"the form takes {width} px on a 375 px screen"
    with page.expect_navigation():
        page.locator("main form.proposal-form [type=submit]").click()

    proposal = Proposal.objects.get(title=TITLE)
    assert proposal.author == author
    assert proposal.status == "published"
    assert proposal.images.count() == 1
    open_page(page, list_url(collect_step))
    assert page.get_by_role("link", name=TITLE).is_visible()
    fits, width = no_horizontal_scroll(page)
    assert fits, f"the list takes {width} px on a 375 px screen"

    # The proposal goes to the service "Voirie"; its analyst says it is eligible.
    assignments_create(
        proposals=[proposal],
        service=analyst.services.get(),
        assigned_by=manager,
        analyst=analyst,
        due_date=timezone.localdate() + timedelta(days=10),
    )
    log_out(context)
    log_in(page, analyst.email, PASSWORD)
    open_page(page, manage_url(collect_step, proposal))
    form = page.locator("form.analysis-form")
    form.locator("input[value=eligible]").check()
    form.locator("textarea").first.fill("Faisable sur le budget de la voirie.")
    with page.expect_navigation():
        form.locator("button[name$=-submit]").click()
    analysis = proposal.assignments.get().analysis
    assert analysis.eligibility == "eligible"
    assert analysis.submitted_at is not None

    # The process manager records the decision with its public answer.
    run_tasks()  # the notifications' worker sends what came before (the thank-you)
    mailoutbox.clear()
    log_out(context)
    log_in(page, manager.email, PASSWORD)
    open_page(page, manage_url(collect_step, proposal))
    decision = page.locator("form[action$='/decision/']")
    decision.locator("input[name=outcome][value=eligible]").check()
    decision.locator("textarea[name=public_answer]").fill(ANSWER)
    with page.expect_navigation():
        decision.locator("[type=submit]").click()
    proposal.refresh_from_db()
    assert proposal.status == "eligible"
    run_tasks()
    (message,) = mailoutbox
    assert message.to == [author.email]
    assert ANSWER in message.body


def test_the_proposals_pages_have_no_violation_and_are_photographed(
    page: Page, collect_step: Step, theme: Theme, author: User
) -> None:
    for n in range(3):
        ProposalFactory(
            step=collect_step, author=author, theme=theme, title=f"Un verger partagé n°{n + 1}"
        )
    proposal = ProposalFactory(
        step=collect_step,
        author=author,
        theme=theme,
        title=TITLE,
        description="Des bancs **à l'ombre** pour attendre le bus.",
        description_html="<p>Des bancs <strong>à l'ombre</strong> pour attendre le bus.</p>",
    )
    log_in(page, author.email, PASSWORD)

    open_page(page, list_url(collect_step))
    assert not (report := axe_report(page)), f"list:\n{report}"
    screenshot(page, "proposal-list")

    open_page(page, proposal_url(collect_step, proposal))
    assert not (report := axe_report(page)), f"proposal:\n{report}"
    screenshot(page, "proposal-page")

    open_page(page, list_url(collect_step) + "proposals/new/")
    assert not (report := axe_report(page)), f"submission form:\n{report}"
    screenshot(page, "proposal-form")

    page.locator("input[name=title]").fill("Court")
    with page.expect_navigation():
        page.locator("main form.proposal-form [type=submit]").click()
    assert page.locator("[aria-invalid=true]").count() >= 2
    assert not (report := axe_report(page)), f"submission form with errors:\n{report}"
    screenshot(page, "proposal-form-errors")


def test_the_analysis_table_and_page_have_no_violation(
    page: Page, collect_step: Step, theme: Theme, author: User, analyst: User, manager: User
) -> None:
    proposal = ProposalFactory(step=collect_step, author=author, theme=theme, title=TITLE)
    ProposalFactory(step=collect_step, author=author, theme=theme)
    assignments_create(
        proposals=[proposal],
        service=analyst.services.get(),
        assigned_by=manager,
        analyst=analyst,
        due_date=timezone.localdate() - timedelta(days=1),  # overdue: its styling is checked too
    )
    log_in(page, manager.email, PASSWORD)
    open_page(page, manage_url(collect_step))
    assert not (report := axe_report(page)), f"analysis table:\n{report}"
    open_page(page, manage_url(collect_step, proposal))
    assert not (report := axe_report(page)), f"analysis page:\n{report}"
