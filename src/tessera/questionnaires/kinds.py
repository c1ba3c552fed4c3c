"""The questionnaire step kind: residents answer a form of sections and questions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tessera.processes import kinds
from tessera.questionnaires.rules import KIND
from tessera.questionnaires.services import questionnaire_copy
from tessera.questionnaires.settings_form import QuestionnaireSettingsForm, questionnaire_summary

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from tessera.processes.models import Step


def _questionnaire_step_view(request: HttpRequest, step: Step) -> HttpResponse:
    from tessera.questionnaires.views.answer import questionnaire_page

    return questionnaire_page(request, step)


def _builder_url(step: Step) -> str:
    return reverse("questionnaires:builder", kwargs={"slug": step.process.slug, "step_id": step.pk})


QUESTIONNAIRE = kinds.register(
    kinds.StepKind(
        identifier=KIND,
        label=_("Questionnaire"),
        description=_("Residents answer a questionnaire, section by section."),
        view=_questionnaire_step_view,
        actions=frozenset({"questionnaires.answer"}),
        icon="list",
        admin_url=_builder_url,
        settings=kinds.StepSettings(
            form=QuestionnaireSettingsForm,
            summary=questionnaire_summary,
            copy=questionnaire_copy,
            template="questionnaires/_settings_step.html",
        ),
    )
)
