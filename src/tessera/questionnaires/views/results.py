"""The results of a questionnaire: for staff at any time, for everyone after the close when
the step says so; the replies as a streamed CSV file for staff."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scope

from tessera.core.exports import csv_response, xlsx_response
from tessera.forms import selectors as form_selectors
from tessera.forms.export import codebook_rows, reply_rows
from tessera.forms.models import CHOICE_TYPES, Question, QuestionType
from tessera.forms.results import filtered_replies, form_results, reply_count, texts_of
from tessera.organizations.models import District
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


@dataclass
class Filters:
    """The results' cross-filters read from the query string: a district, an answer to a
    choice question ("question:option"). A value that names nothing of this form is dropped
    with a message, never an error page."""

    district: int | None = None
    answer: tuple[int, int] | None = None
    unknown: bool = False


def _filters(request: HttpRequest, districts: list[District], questions: list[Any]) -> Filters:
    filters = Filters()
    district = request.GET.get("district", "")
    if district:
        if district.isdigit() and int(district) in {d.pk for d in districts}:
            filters.district = int(district)
        else:
            filters.unknown = True
    answer = request.GET.get("answer", "")
    if answer:
        choices = {
            (q.pk, o.pk) for q in questions if q.type in CHOICE_TYPES for o in q.options.all()
        }
        question, _colon, option = answer.partition(":")
        if question.isdigit() and option.isdigit() and (int(question), int(option)) in choices:
            filters.answer = (int(question), int(option))
        else:
            filters.unknown = True
    return filters


def results_page(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    settings = _allowed(request, slug, step_id, "questionnaires.view_results")
    step = settings.step
    questions = form_selectors.questions_in_order(form_selectors.sections_of(settings.form))
    districts = list(District.objects.filter(organization_id=step.organization_id))
    filters = _filters(request, districts, questions)
    replies = filtered_replies(settings.form, filters.district, filters.answer)
    return render(
        request,
        "questionnaires/results.html",
        {
            "step": step,
            "process": step.process,
            "settings": settings,
            "replies": reply_count(settings.form, replies),
            "waiting": PendingReply.objects.filter(step=step).count(),
            "results": form_results(settings.form, questions, grade_labels(), replies),
            "may_export": request.user.has_perm("questionnaires.build", step),
            "districts": districts,
            "choice_questions": [
                (q.label, [(f"{q.pk}:{o.pk}", o.label) for o in q.options.all()])
                for q in questions
                if q.type in CHOICE_TYPES
            ],
            "filters": filters,
            "filtered": replies is not None,
            "answer_value": "{}:{}".format(*filters.answer) if filters.answer else "",
        },
    )


TEXTS_PER_PAGE = 50
TEXT_TYPES = (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT)


def texts_page(request: HttpRequest, slug: str, step_id: int, question_id: int) -> HttpResponse:
    """Every text a question received, a page at a time, searchable."""
    settings = _allowed(request, slug, step_id, "questionnaires.view_results")
    question = get_object_or_404(
        Question.objects.select_related("form"),
        pk=question_id,
        form=settings.form,
        removed=False,
        type__in=[*TEXT_TYPES, *CHOICE_TYPES],
    )
    search = request.GET.get("search", "").strip()[:200]
    texts = texts_of(question, search).values_list("text", flat=True)
    page = Paginator(texts, TEXTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "questionnaires/texts.html",
        {
            "step": settings.step,
            "process": settings.step.process,
            "question": question,
            "search": search,
            "page": page,
        },
    )


def _export(request: HttpRequest, slug: str, step_id: int) -> tuple[Any, Any, Any, str]:
    """(settings, questions with the removed ones, grade labels, file name stem)."""
    settings = _allowed(request, slug, step_id, "questionnaires.build")
    questions = form_selectors.exported_questions(settings.form)
    return settings, questions, dict(grade_labels()), f"{settings.step.process.slug}-{step_id}"


def results_csv(
    request: HttpRequest, slug: str, step_id: int
) -> HttpResponse | StreamingHttpResponse:
    settings, questions, grades, stem = _export(request, slug, step_id)
    organization, language = settings.step.organization, translation.get_language()

    def rows() -> Iterator[list[Any]]:
        # Sent after the view returned: outside the request's scope and language, so both
        # are opened again around the reading.
        with scope(organization=organization), translation.override(language):
            yield from reply_rows(settings.form, questions, grades)

    return csv_response(f"{stem}-replies.csv", rows(), stream=True)


def codebook_csv(
    request: HttpRequest, slug: str, step_id: int
) -> HttpResponse | StreamingHttpResponse:
    """What each column of the replies' CSV holds (the XLSX has it as its second sheet)."""
    _settings, questions, grades, stem = _export(request, slug, step_id)
    return csv_response(f"{stem}-codebook.csv", list(codebook_rows(questions, grades)))


def results_xlsx(request: HttpRequest, slug: str, step_id: int) -> HttpResponse | FileResponse:
    """The replies and the codebook as two sheets: written row by row to a temporary file
    (openpyxl's write-only workbook), then sent from it."""
    settings, questions, grades, stem = _export(request, slug, step_id)
    sheets = [
        (_("Replies"), reply_rows(settings.form, questions, grades)),
        (_("Codebook"), codebook_rows(questions, grades)),
    ]
    return xlsx_response(f"{stem}-replies.xlsx", sheets, stream=True)
