"""The results of a questionnaire: for staff at any time, for everyone after the close when
the step says so; the replies as a streamed CSV file for staff."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django_scopes import scope

from tessera.core.exports import csv_response
from tessera.forms import selectors as form_selectors
from tessera.forms.export import reply_rows
from tessera.forms.results import form_results, reply_count
from tessera.questionnaires.mixing import mix_after_close
from tessera.questionnaires.models import PendingReply, QuestionnaireSettings
from tessera.questionnaires.page import grade_labels
from tessera.questionnaires.selectors import settings_for
from tessera.questionnaires.views.answer import questionnaire_step_for


def _allowed(
    request: HttpRequest, slug: str, step_id: int, permission: str
) -> QuestionnaireSettings:
    step = questionnaire_step_for(request, slug, step_id)
    settings = settings_for(step)
    if settings is None:
        raise Http404
    if not request.user.has_perm(permission, step):
        raise PermissionDenied
    settings.step = step
    # After the close, anonymous replies still sealed are counted before anything is read.
    mix_after_close(step)
    return settings


def results_page(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    settings = _allowed(request, slug, step_id, "questionnaires.view_results")
    step = settings.step
    questions = form_selectors.questions_in_order(form_selectors.sections_of(settings.form))
    return render(
        request,
        "questionnaires/results.html",
        {
            "step": step,
            "process": step.process,
            "settings": settings,
            "replies": reply_count(settings.form),
            "waiting": PendingReply.objects.filter(step=step).count(),
            "results": form_results(settings.form, questions, grade_labels()),
            "may_export": request.user.has_perm("questionnaires.build", step),
        },
    )


def results_csv(
    request: HttpRequest, slug: str, step_id: int
) -> HttpResponse | StreamingHttpResponse:
    settings = _allowed(request, slug, step_id, "questionnaires.build")
    questions = form_selectors.questions_in_order(form_selectors.sections_of(settings.form))
    grades = dict(grade_labels())
    organization, language = settings.step.organization, translation.get_language()

    def rows() -> Iterator[list[Any]]:
        # Sent after the view returned: outside the request's scope and language, so both
        # are opened again around the reading.
        with scope(organization=organization), translation.override(language):
            yield from reply_rows(settings.form, questions, grades)

    filename = f"{settings.step.process.slug}-{settings.step.pk}-replies.csv"
    return csv_response(filename, rows(), stream=True)
