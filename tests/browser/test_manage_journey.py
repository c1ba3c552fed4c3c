"""A manager builds a participatory budget from nothing through /manage/ — the process, its
collect, analysis, vote and results steps, the collect's settings, the vote's settings (a
budget ballot with two district envelopes) — publishes it, and a resident then sees the
timeline and finds the open step."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tessera.accounts.models import Role
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tessera.proposals.models import CollectSettings
from tessera.voting.models import VoteSettings
from tests.browser.conftest import PHONE, log_in
from tests.conftest import PASSWORD, make_user
from tests.factories import DistrictFactory

pytestmark = pytest.mark.browser

STEPS = [
    # kind (its label in French), title, start and end in days from now
    ("collect", "Dépôt des idées", -1, 20),
    ("analysis", "Analyse par les services", 20, 40),
    ("vote", "Vote", 40, 60),
    ("results", "Résultats", 60, 400),
]


def local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def add_step(page: Page, kind: str, title: str, start: datetime, end: datetime) -> None:
    page.locator("#id_kind").select_option(kind)
    page.locator("#id_title").fill(title)
    page.locator("#id_starts_at").fill(local(start))
    page.locator("#id_ends_at").fill(local(end))
    with page.expect_navigation():
        page.get_by_role("button", name="Ajouter l’étape").click()
    expect(page.locator(".timeline")).to_contain_text(title)


def open_sections(page: Page) -> None:
    """Open every folded section of the settings form (the fields inside must be visible)."""
    closed = page.locator("form details:not([open]) > summary")
    while closed.count():  # each click opens one: the list shrinks as it goes
        closed.first.click()


def save_settings(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer les réglages").click()
    expect(page.locator(".messages")).to_contain_text("réglages")


def set_vote_settings(page: Page) -> None:
    """A budget ballot, one per district, two envelopes: through the form, as a manager would.

    The form offers one empty envelope row at a time: the first save is a ballot for the whole
    process with the first district's envelope, the second adds the other district's envelope
    and votes per district, without the process's envelope."""
    page.locator(".timeline").get_by_role("link", name="Vote", exact=True).click()
    open_sections(page)
    page.locator("input[name='settings-kind'][value='budget']").check()
    page.locator("input[name='settings-scope'][value='process']").check()
    page.locator("#id_settings-budget").fill("250000")
    page.locator("input[name='settings-tally_rule'][value='greedy']").check()
    page.locator("#id_envelopes-0-district").select_option(label="Centre-ville")
    page.locator("#id_envelopes-0-budget").fill("150000")
    save_settings(page)
    open_sections(page)
    page.locator("input[name='settings-scope'][value='district']").check()
    page.locator("#id_settings-budget").fill("")
    page.locator("#id_envelopes-1-district").select_option(label="Les Coteaux")
    page.locator("#id_envelopes-1-budget").fill("100000")
    save_settings(page)
    expect(page.locator(".settings-summary")).to_contain_text("2 enveloppes")


def test_a_manager_builds_a_budget_and_a_resident_finds_the_open_step(
    page: Page, browser: Browser, base_url: str, live_organization: Organization
) -> None:
    for name in ("Centre-ville", "Les Coteaux"):
        DistrictFactory(organization=live_organization, name=name)
    manager = make_user(live_organization, Role.MANAGER)
    log_in(page, manager.email, PASSWORD)

    page.get_by_role("link", name="Espace de gestion").click()
    page.get_by_role("navigation", name="Espace de gestion").get_by_role(
        "link", name="Démarches"
    ).click()
    page.get_by_role("link", name="Créer une démarche").click()
    page.locator("#id_title").fill("Budget participatif 2027")
    page.locator("#id_summary").fill("Proposez puis choisissez les projets de vos quartiers.")
    page.locator("#id_description").fill("Un budget de **300 000 €**.")
    page.get_by_role("button", name="Prévisualiser la description").click()
    expect(page.locator(".preview-box strong")).to_have_text("300 000 €")
    page.get_by_label("Centre-ville").check()
    page.get_by_label("Les Coteaux").check()
    page.locator("#id_short_url").fill("/budget")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()

    now = timezone.now().replace(second=0, microsecond=0)
    for kind, title, start, end in STEPS:
        add_step(page, kind, title, now + timedelta(days=start), now + timedelta(days=end))

    page.get_by_role("link", name="Dépôt des idées").click()
    page.get_by_role("group", name="Coût estimé").get_by_label("Obligatoire").check()
    page.locator("#id_cost_max").fill("50000")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer les réglages").click()
    expect(page.locator(".settings-summary")).to_contain_text("50 000")
    page.get_by_role("link", name="Budget participatif 2027").click()
    set_vote_settings(page)
    page.get_by_role("link", name="Budget participatif 2027").click()
    expect(page.locator(".timeline")).to_contain_text("par quartier, 2 enveloppes")

    with page.expect_navigation():
        page.get_by_role("button", name="Publier", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("publiée")

    process = Process.objects.get(slug="budget-participatif-2027")
    assert process.is_published
    assert list(process.steps.order_by("starts_at").values_list("kind", flat=True)) == [
        "collect",
        "analysis",
        "vote",
        "results",
    ]
    assert CollectSettings.objects.get(step__process=process).cost_max == 50_000
    vote = VoteSettings.objects.get(step__process=process)
    assert (vote.kind, vote.scope) == ("budget", "district")
    envelopes = {e.district.name: e.budget for e in vote.district_budgets.all()}
    assert envelopes == {"Centre-ville": 150_000, "Les Coteaux": 100_000}

    resident = make_user(live_organization)
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale="fr-FR")
    phone = context.new_page()
    log_in(phone, resident.email, PASSWORD)
    phone.goto("/budget")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Budget participatif 2027")
    for _kind, title, _start, _end in STEPS:
        expect(phone.locator("main")).to_contain_text(title)
    phone.get_by_role("link", name="Dépôt des idées").first.click()
    expect(phone.get_by_role("link", name="Déposer une proposition")).to_be_visible()
    context.close()
