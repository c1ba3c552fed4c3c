"""Staff build a questionnaire in the back office: reached from the timeline's step, sections
and questions added, edited, moved and deleted, conditions refused when they read forward, a
preview that stores nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tessera.accounts.models import User
from tessera.forms.models import Answer, Condition, Option, Question, Reply, Section
from tessera.processes.models import Process
from tessera.questionnaires.models import QuestionnaireSettings
from tests.factories import StepFactory
from tests.questionnaires.conftest import Mobility, answers

pytestmark = pytest.mark.django_db


def url(m: Mobility, name: str, **kwargs: int) -> str:
    return reverse(
        f"questionnaires:{name}",
        kwargs={"slug": m.step.process.slug, "step_id": m.step.pk, **kwargs},
    )


def test_a_manager_reaches_the_builder_from_the_timeline_and_starts_a_questionnaire(
    client: Client, manager: User, process: Process
) -> None:
    step = StepFactory(process=process, kind="questionnaire", title="Enquête")
    client.force_login(manager)
    timeline = client.get(reverse("manage:timeline", kwargs={"slug": process.slug})).content
    step_url = reverse("manage:step", kwargs={"slug": process.slug, "step_id": step.pk})
    assert step_url in timeline.decode()
    page = client.get(step_url).content.decode()
    builder = re.search(r'href="([^"]+/questionnaire/)"', page)
    assert builder
    assert "Start the questionnaire" in client.get(builder.group(1)).content.decode()
    assert client.post(builder.group(1)).status_code == 302
    settings = QuestionnaireSettings.objects.get(step=step)
    assert client.post(builder.group(1) + "sections/", {"title": "Page un"}).status_code == 302
    section = Section.objects.get(form=settings.form)
    response = client.post(
        builder.group(1) + f"questions/new/?section={section.pk}",
        {
            "section": section.pk,
            "type": "multiple_choice",
            "label": "Vos envies",
            "options_text": "Vélo\nBus\n\nVélo\nMarche",
            "scale_max": 5,
            "condition_mode": "all",
            "max_choices": 2,
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(form=settings.form)
    assert list(question.options.values_list("label", flat=True)) == ["Vélo", "Bus", "Marche"]
    assert "Vos envies" in client.get(builder.group(1)).content.decode()


def test_editing_options_keeps_the_ids_of_the_unchanged_ones(
    client: Client, manager: User, mobility: Mobility
) -> None:
    client.force_login(manager)
    wishes = mobility.questions["wishes"]
    before = {o.label: o.pk for o in wishes.options.all()}
    data = {
        "section": wishes.section_id,
        "type": "multiple_choice",
        "label": "Que souhaitez-vous ?",
        "options_text": "Plus de bus\nPistes cyclables\nTrottoirs",
        "scale_max": 5,
        "condition_mode": "all",
    }
    # "Parkings" goes: no reply chose it, no confirmation needed.
    assert client.post(url(mobility, "question", question_id=wishes.pk), data).status_code == 302
    after = {o.label: o.pk for o in Option.objects.filter(question=wishes)}
    assert after["Plus de bus"] == before["Plus de bus"]
    assert after["Pistes cyclables"] == before["Pistes cyclables"]
    assert list(Option.objects.filter(question=wishes).values_list("label", flat=True)) == [
        "Plus de bus",
        "Pistes cyclables",
        "Trottoirs",
    ]


def test_removing_an_answered_option_asks_for_confirmation(
    client: Client, manager: User, resident: User, mobility: Mobility
) -> None:
    client.force_login(resident)
    client.post(mobility.answer_url(), {**answers(mobility), "section": "2", "action": "submit"})
    client.force_login(manager)
    wishes = mobility.questions["wishes"]
    data = {
        "section": wishes.section_id,
        "type": "multiple_choice",
        "label": "Que souhaitez-vous ?",
        "options_text": "Plus de bus\nParkings",  # "Pistes cyclables" was chosen
        "scale_max": 5,
        "condition_mode": "all",
    }
    refused = client.post(url(mobility, "question", question_id=wishes.pk), data)
    assert refused.status_code == 400
    assert "confirm to remove it from the form" in refused.content.decode()
    assert Option.objects.filter(question=wishes).count() == 3
    confirmed = client.post(
        url(mobility, "question", question_id=wishes.pk), {**data, "confirm": "on"}
    )
    assert confirmed.status_code == 302
    # Gone from the form, its answers kept for the exports.
    assert "Pistes cyclables" not in client.get(mobility.url()).content.decode()
    assert Answer.objects.filter(question=wishes).count() == 2
    csv_text = b"".join(client.get(url(mobility, "results_csv")).streaming_content)
    assert "Que souhaitez-vous ?: Pistes cyclables" in csv_text.decode()
    # Typed again, the option comes back with its answers.
    data["options_text"] = "Pistes cyclables\nPlus de bus"
    assert client.post(url(mobility, "question", question_id=wishes.pk), data).status_code == 302
    assert "Pistes cyclables" in client.get(mobility.url()).content.decode()
    assert Option.objects.filter(question=wishes, removed=False).count() == 2


def test_a_condition_reading_a_later_question_is_refused(
    client: Client, manager: User, mobility: Mobility
) -> None:
    client.force_login(manager)
    mode, days = mobility.questions["mode"], mobility.questions["days"]
    # The condition's source is offered among earlier questions only: a forged one is refused.
    forged = client.post(
        url(mobility, "condition_add", question_id=mode.pk),
        {"source": days.pk, "operator": "answered"},
    )
    assert forged.status_code == 400
    assert not Condition.objects.filter(question=mode).exists()
    # Moving the condition's source below the question reading it is refused too.
    moved = client.post(
        url(mobility, "question_move", question_id=mode.pk), {"direction": "down"}, follow=True
    )
    assert "can only read a question placed before" in moved.content.decode()
    assert list(Question.objects.filter(section=mode.section).values_list("pk", flat=True)[:2]) == [
        mode.pk,
        days.pk,
    ]


def test_a_condition_is_added_and_deleted(
    client: Client, manager: User, mobility: Mobility
) -> None:
    client.force_login(manager)
    street, ok = mobility.questions["street"], mobility.questions["ok"]
    response = client.post(
        url(mobility, "condition_add", question_id=street.pk),
        {"source": ok.pk, "operator": "equals", "value": "peut-être"},
    )
    assert response.status_code == 400
    assert "does not fit the earlier question" in response.content.decode()
    response = client.post(
        url(mobility, "condition_add", question_id=street.pk),
        {"source": ok.pk, "operator": "equals", "value": "yes"},
    )
    assert response.status_code == 302
    condition = Condition.objects.get(question=street)
    client.post(url(mobility, "condition_delete", question_id=street.pk, condition_id=condition.pk))
    assert not Condition.objects.filter(question=street).exists()


def test_sections_move_and_a_question_read_by_a_condition_is_not_deleted(
    client: Client, manager: User, mobility: Mobility
) -> None:
    client.force_login(manager)
    about = mobility.questions["street"].section
    client.post(url(mobility, "section_move", section_id=about.pk), {"direction": "up"})
    order = list(
        Section.objects.filter(form=mobility.settings.form).values_list("title", flat=True)
    )
    assert order == ["Vos habitudes", "Vous", "Vos avis"]
    client.post(url(mobility, "question_delete", question_id=mobility.questions["mode"].pk))
    assert Question.objects.filter(pk=mobility.questions["mode"].pk).exists()


def test_deleting_an_answered_question_asks_for_confirmation(
    client: Client, manager: User, resident: User, mobility: Mobility
) -> None:
    client.force_login(resident)
    client.post(mobility.answer_url(), {**answers(mobility), "section": "2", "action": "submit"})
    client.force_login(manager)
    street = mobility.questions["street"]
    assert client.post(url(mobility, "question_delete", question_id=street.pk)).status_code == 409
    assert Question.objects.filter(pk=street.pk).exists()
    confirmed = client.post(
        url(mobility, "question_delete", question_id=street.pk), {"confirm": "1"}
    )
    assert confirmed.status_code == 302
    assert "Votre rue" not in client.get(url(mobility, "builder")).content.decode()
    assert Question.objects.get(pk=street.pk).removed
    assert Reply.objects.count() == 1
    # The answers given before stay in the export, unnumbered, and the codebook says why.
    rows = b"".join(client.get(url(mobility, "results_csv")).streaming_content)
    assert "(removed) Votre rue" in rows.decode()
    assert "Rue des Lilas" in rows.decode()
    codebook = client.get(url(mobility, "codebook_csv")).content.decode()
    assert "removed from the form: answers given before are kept" in codebook


def test_the_preview_walks_the_pages_and_stores_nothing(
    client: Client, manager: User, mobility: Mobility
) -> None:
    client.force_login(manager)
    page = client.get(url(mobility, "preview")).content.decode()
    assert "Preview" in page
    assert "Comment venez-vous ?" in page
    bad = client.post(
        url(mobility, "preview"),
        {
            **answers(mobility, **{f"q{mobility.questions['days'].pk}": ["99"]}),
            "section": "0",
            "action": "next",
        },
    )
    assert bad.status_code == 400
    assert "too large" in bad.content.decode()
    done = client.post(
        url(mobility, "preview"), {**answers(mobility), "section": "2", "action": "submit"}
    )
    assert "Nothing was stored" in done.content.decode()
    assert not Reply.objects.exists()


@pytest.mark.parametrize(
    "who", ["anonymous", "resident", "analyst", "moderator", "other_organization_admin"]
)
def test_only_managers_build(
    client: Client, mobility: Mobility, who: str, request: pytest.FixtureRequest
) -> None:
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    # Another organisation's account is nobody on this site: it is asked to log in.
    refused = {302} if who in {"anonymous", "other_organization_admin"} else {403}
    assert client.get(url(mobility, "builder")).status_code in refused
    assert client.post(url(mobility, "section_add"), {"title": "x"}).status_code in refused
    assert client.get(url(mobility, "preview")).status_code in refused
    assert Section.objects.filter(title="x").count() == 0
