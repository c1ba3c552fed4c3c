"""A resident answers a 12-question questionnaire with a condition on a 375 px phone; staff
build it, preview it and read its results. axe finds no violation on any of these pages, at
either width; the pages are saved to var/screenshots/questionnaire-*.png for a person to look
at."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tessera.accounts.models import User
from tessera.forms.models import Answer, Reply
from tessera.processes.models import Process
from tests.browser.conftest import PHONE, log_in
from tests.browser.test_accessibility import violations_at_each_width
from tests.browser.test_screenshots import SCREENSHOTS, shoot
from tests.conftest import PASSWORD
from tests.questionnaires.conftest import Mobility, questionnaire_in
from tests.questionnaires.test_results import give

pytestmark = pytest.mark.browser


@pytest.fixture
def mobility(process: Process) -> Mobility:
    return questionnaire_in(process)


def check(page: Page, name: str) -> None:
    """No axe violation at either width, and the page saved at both (it fits them)."""
    report = violations_at_each_width(page)
    assert not report, f"{name}:\n{report}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert shoot(page, f"questionnaire-{name}") == []
    page.set_viewport_size(PHONE)


def test_a_resident_answers_on_a_phone(page: Page, resident: User, mobility: Mobility) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, resident.email, PASSWORD)
    page.goto(mobility.url())
    check(page, "section-1")
    # The car driver's question is on the same page: it says when it applies.
    page.get_by_label("Voiture", exact=True).check()
    page.get_by_label("Combien de jours en voiture ?").fill("douze")
    page.get_by_label("Pistes cyclables").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Page suivante").click()
    assert page.locator("[aria-invalid=true]").count() == 1
    assert page.get_by_label("Combien de jours en voiture ?").input_value() == "douze"
    assert page.get_by_label("Pistes cyclables").is_checked()
    check(page, "section-1-errors")
    page.get_by_label("Combien de jours en voiture ?").fill("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Page suivante").click()
    page.get_by_role("group", name="Votre satisfaction").get_by_label("4").check()
    page.get_by_label("Sécurité").select_option("1")
    page.get_by_label("Rapidité").select_option("2")
    page.get_by_role("group", name="Centre").get_by_label("Bien").check()
    page.get_by_role("group", name="Tram").get_by_label("Excellent").check()
    page.get_by_role("group", name="Téléphérique").get_by_label("À rejeter").check()
    page.get_by_role("group", name="Êtes-vous satisfait du tram ?").get_by_label(
        "Oui", exact=True
    ).check()
    check(page, "section-2")
    with page.expect_navigation():
        page.get_by_role("button", name="Page suivante").click()
    page.get_by_label("Votre rue").fill("Rue des Lilas")
    page.get_by_label("Vos idées").fill("Un parking à vélos devant la gare.")
    check(page, "section-3")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer ma réponse").click()
    assert "Merci : votre réponse est enregistrée." in page.content()
    check(page, "thanks")
    reply = Reply.objects.get(author=resident)
    assert Answer.objects.filter(reply=reply, question=mobility.questions["days"]).get().number == 3
    assert Answer.objects.filter(reply=reply).count() == 12


def test_staff_pages_have_no_violation(
    page: Page, manager: User, resident: User, mobility: Mobility
) -> None:
    give(mobility)  # the results show bars
    give(mobility, **{f"q{mobility.questions['mode'].pk}": [str(mobility.options["bike"].pk)]})
    log_in(page, manager.email, PASSWORD)
    kwargs = {"slug": mobility.step.process.slug, "step_id": mobility.step.pk}
    pages = {
        "settings": reverse("manage:step", kwargs=kwargs),
        "builder": reverse("questionnaires:builder", kwargs=kwargs),
        "question": reverse(
            "questionnaires:question",
            kwargs={**kwargs, "question_id": mobility.questions["days"].pk},
        ),
        "preview": reverse("questionnaires:preview", kwargs=kwargs),
        "results": reverse("questionnaires:results", kwargs=kwargs),
        "results-filtered": reverse("questionnaires:results", kwargs=kwargs)
        + f"?answer={mobility.questions['mode'].pk}:{mobility.options['bike'].pk}&district=0",
        "texts": reverse(
            "questionnaires:texts",
            kwargs={**kwargs, "question_id": mobility.questions["ideas"].pk},
        )
        + "?search=parking",
    }
    for name, path in pages.items():
        response = page.goto(path)
        assert response is not None
        assert response.ok, f"{path} answered {response.status}"
        check(page, name)
