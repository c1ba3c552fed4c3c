"""The questionnaire's settings in the back office's timeline editor, its line on the
timeline, and the next edition of a process with a questionnaire."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tessera.accounts.models import User
from tessera.forms.models import Condition, Form, Question
from tessera.processes.models import Process, Step
from tessera.processes.services_editions import process_duplicate
from tessera.questionnaires.models import QuestionnaireSettings
from tests.factories import StepFactory
from tests.questionnaires.conftest import Mobility

pytestmark = pytest.mark.django_db


def settings_url(step: Step) -> str:
    return reverse("manage:step_settings", kwargs={"slug": step.process.slug, "step_id": step.pk})


GOOD = {"audience": "verified", "one_reply": "on", "editable": "on", "results_public": "on"}


def test_a_manager_sets_a_new_questionnaire_up_from_the_timeline(
    client: Client, manager: User, process: Process
) -> None:
    step = StepFactory(process=process, kind="questionnaire", title="Enquête")
    client.force_login(manager)
    page = client.get(reverse("manage:step", kwargs={"slug": process.slug, "step_id": step.pk}))
    assert "Who may answer" in page.content.decode()
    response = client.post(settings_url(step), GOOD)
    assert response.status_code == 302
    settings = QuestionnaireSettings.objects.get(step=step)
    assert settings.editable
    assert settings.form.title == "Enquête"
    timeline = client.get(reverse("manage:timeline", kwargs={"slug": process.slug})).content
    assert (
        "People whose e-mail address is verified, one reply each, changeable until the close"
        in timeline.decode()
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"audience": "anyone", "one_reply": "on"}, "one_reply", "Without an account"),
        ({"audience": "anyone", "drafts": "on"}, "drafts", "Drafts need an account"),
        ({"audience": "verified", "editable": "on"}, "editable", "Only a single reply"),
        (
            {"audience": "verified", "one_reply": "on", "anonymous": "on", "drafts": "on"},
            "drafts",
            "cannot come back",
        ),
    ],
)
def test_settings_that_contradict_each_other_are_refused_next_to_their_field(
    client: Client, manager: User, process: Process, data: dict[str, str], field: str, message: str
) -> None:
    step = StepFactory(process=process, kind="questionnaire")
    client.force_login(manager)
    response = client.post(settings_url(step), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not QuestionnaireSettings.objects.exists()


def test_the_next_edition_copies_the_questionnaire_not_its_replies(
    mobility: Mobility, process: Process
) -> None:
    copy = process_duplicate(process=process)
    new_step = copy.steps.get(kind="questionnaire")
    settings = QuestionnaireSettings.objects.get(step=new_step)
    assert settings.form_id != mobility.settings.form_id
    assert Question.objects.filter(form=settings.form).count() == 12
    condition = Condition.objects.get(question__form=settings.form)
    assert condition.source.form_id == settings.form_id
    assert condition.option is not None
    assert condition.option.question.form_id == settings.form_id
    assert Form.objects.count() == 2
    assert not settings.form.replies.exists()
