"""The vote page with its script (voting/basket.js), on a 375 px phone: a resident far down a
list of 30 projects adds two of them without the page reloading or moving, sees the running
total change, hears it (the live region), keeps the focus on the card; axe finds no violation
after the update. When the script's request fails, the form is posted the plain way.
Screenshots at 375 and 1280 px land in var/screenshots/vote-enhanced-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from tessera.accounts.models import User
from tessera.organizations.models import Organization, Theme
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.voting.models import BallotDraft
from tests.browser.conftest import PHONE, log_in
from tests.browser.test_vote_journey import (
    ENVELOPE,
    SCREENSHOTS,
    assert_fits,
    axe_report,
    budget_process,
    open_page,
    screenshot,
)
from tests.conftest import PASSWORD, make_user
from tests.factories import ThemeFactory
from tests.voting.conftest import eligible, vote_step_in, vote_url

pytestmark = pytest.mark.browser

# Set on the page once loaded: still there after the update, the page did not reload.
MARKER = "window.tesseraMarker = 'kept'"


@pytest.fixture
def theme(live_organization: Organization) -> Theme:
    return ThemeFactory(organization=live_organization, name="Nature en ville", slug="nature")


@pytest.fixture
def many_proposals(live_organization: Organization, theme: Theme) -> list[Proposal]:
    _process, collect = budget_process(
        live_organization, "budget-participatif-2026", "Budget participatif 2026"
    )
    return [
        eligible(collect, theme, 100_000 + 1_000 * index, title=f"Projet de quartier n° {index}")
        for index in range(30)
    ]


@pytest.fixture
def open_step(many_proposals: list[Proposal]) -> Step:
    process = many_proposals[0].step.process
    return vote_step_in(process, "during", kind="budget", budget=ENVELOPE, ballot_changeable=True)


@pytest.fixture
def voter(live_organization: Organization) -> User:
    return make_user(live_organization, display_name="Rémi Habitant", email="remi@example.org")


@pytest.fixture
def phone_page(page: Page, open_step: Step, voter: User) -> Page:
    page.set_viewport_size(PHONE)
    log_in(page, voter.email, PASSWORD)
    open_page(page, vote_url(open_step))
    page.evaluate(MARKER)
    return page


def cards_in_page_order(page: Page, proposals: list[Proposal]) -> list[Proposal]:
    """The proposals as the page lists them (a random order, stable for this visitor)."""
    ids = page.eval_on_selector_all(".vote-card", "cards => cards.map(card => card.id)")
    by_id = {f"proposal-{proposal.pk}": proposal for proposal in proposals}
    return [by_id[card_id] for card_id in ids]


def card_top(page: Page, proposal: Proposal) -> float:
    return float(
        page.eval_on_selector(
            f"#proposal-{proposal.pk}", "card => card.getBoundingClientRect().top"
        )
    )


def add_in_place(page: Page, proposal: Proposal) -> None:
    """Press the card's add button and wait for the server's answer to be in the page."""
    card = page.locator(f"#proposal-{proposal.pk}")
    card.locator("form[data-card-form] button").scroll_into_view_if_needed()
    top, path = card_top(page, proposal), page.evaluate("location.pathname")
    card.locator("button[name=action][value=add]").click()
    expect(card.locator("form[data-card-form]")).to_have_attribute("data-chosen", "")
    expect(card).to_have_class("vote-card chosen")
    assert page.evaluate("window.tesseraMarker") == "kept", "the page reloaded"
    assert page.evaluate("location.pathname") == path
    assert abs(card_top(page, proposal) - top) < 2, "the card moved on the screen"


def test_a_resident_adds_two_projects_without_leaving_their_place(
    phone_page: Page, open_step: Step, many_proposals: list[Proposal], voter: User
) -> None:
    page = phone_page
    listed = cards_in_page_order(page, many_proposals)
    first, second = listed[20], listed[25]  # far down the list, as in a 200-project vote

    add_in_place(page, first)
    focused = page.evaluate("document.activeElement.closest('.vote-card')?.id")
    assert focused == f"proposal-{first.pk}", "the focus left the card"
    assert page.evaluate("document.activeElement.value") == "remove"
    summary = page.locator("#basket-summary")
    expect(summary).to_contain_text(f"{first.estimated_cost // 1000}\u202f000\u00a0€ sur 500")
    expect(page.locator("#basket-announce")).to_contain_text("Projet ajouté.")

    add_in_place(page, second)
    total = first.estimated_cost + second.estimated_cost  # type: ignore[operator]
    spent = f"{total // 1000}\u202f000\u00a0€ sur 500\u202f000\u00a0€"
    expect(summary).to_contain_text("Ma sélection : 2 projets")
    expect(summary).to_contain_text(spent)
    expect(page.locator(".running-total")).to_contain_text(spent)
    expect(page.locator("#basket-announce")).to_have_text(f"Projet ajouté. {spent}")
    expect(page.locator(".basket-lines li")).to_have_count(2)
    assert page.evaluate("location.hash") == f"#proposal-{second.pk}"
    assert BallotDraft.objects.get(voter=voter).choices == [
        {"proposal": first.pk},
        {"proposal": second.pk},
    ]
    assert_fits(page, "the vote page after two additions")
    # What the voter sees where they are in the list: the card, the summary at the foot.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "vote-enhanced-phone-view.png")
    assert not (report := axe_report(page)), f"vote page after the update:\n{report}"
    screenshot(page, "vote-enhanced")


def test_removing_from_the_basket_moves_the_focus_to_what_is_left(
    phone_page: Page, many_proposals: list[Proposal]
) -> None:
    page = phone_page
    first, second = cards_in_page_order(page, many_proposals)[:2]
    add_in_place(page, first)
    add_in_place(page, second)
    page.locator(f".basket-lines form[data-proposal='{first.pk}'] button[value=remove]").click()
    expect(page.locator(".basket-lines li")).to_have_count(1)
    expect(page.locator("#basket-title")).to_be_focused()
    card_form = page.locator(f"#proposal-{first.pk} form[data-card-form]")
    expect(card_form.locator("button[value=add]")).to_be_visible()
    expect(page.locator("#basket-announce")).to_contain_text("Projet retiré.")
    assert page.evaluate("window.tesseraMarker") == "kept"
    page.locator(".basket-actions button[value=clear]").click()
    expect(page.locator(".basket-lines")).to_have_count(0)
    expect(page.locator("#basket-announce")).to_contain_text("Sélection vidée.")
    assert not BallotDraft.objects.exists()


def test_when_the_script_s_request_fails_the_form_is_posted_plainly(
    phone_page: Page, many_proposals: list[Proposal], voter: User
) -> None:
    page = phone_page
    chosen = cards_in_page_order(page, many_proposals)[10]

    def refuse_the_script(route: Route) -> None:
        if route.request.headers.get("x-requested-with") == "fetch":
            route.abort()
        else:
            route.continue_()

    page.route("**/vote/basket/", refuse_the_script)
    with page.expect_navigation():
        page.locator(f"#proposal-{chosen.pk} button[value=add]").click()
    assert page.evaluate("window.tesseraMarker") is None  # a real page load this time
    assert page.url.endswith(f"#proposal-{chosen.pk}")
    expect(page.locator(f"#proposal-{chosen.pk}")).to_have_class("vote-card chosen")
    assert BallotDraft.objects.get(voter=voter).choices == [{"proposal": chosen.pk}]
