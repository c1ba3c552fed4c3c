"""The resident's questionnaire: one section per page, without scripts.

Every page posts the whole reply so far: the inputs of its own section, and the answers of the
other sections in hidden inputs. Nothing is stored between pages (an anonymous reply leaves no
trace before it is sealed); a draft is stored only when the person asks for it. The server
validates the whole reply each time (forms.validation) and shows the errors of the page's own
questions next to them, every typed answer kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessera.forms import selectors as form_selectors
from tessera.forms.encoding import data_of
from tessera.forms.messages import REPLY_ERRORS
from tessera.forms.models import Question, QuestionType, Section
from tessera.forms.services import kinds_of
from tessera.forms.spec import FileValue, QuestionSpec, Value, field_name
from tessera.forms.validation import validate_reply
from tessera.processes.models import Process, Step
from tessera.processes.timeline import Phase
from tessera.questionnaires import uploads
from tessera.questionnaires.models import Audience, QuestionnaireSettings
from tessera.questionnaires.page import grade_labels, labels_of, section_views
from tessera.questionnaires.rules import KIND
from tessera.questionnaires.selectors import own_reply, settings_for
from tessera.questionnaires.services import ReplyRefused, draft_save, reply_submit

FIELD = re.compile(r"^q(\d+)(?:_|$)")
Data = dict[str, list[str]]


@dataclass
class Questionnaire:
    """A questionnaire step with its form read once: sections, questions in order, specs."""

    step: Step
    settings: QuestionnaireSettings
    sections: list[Section]
    questions: list[Question]
    specs: list[QuestionSpec]

    @classmethod
    def of(cls, step: Step, settings: QuestionnaireSettings) -> Questionnaire:
        sections = form_selectors.sections_of(settings.form)
        questions = form_selectors.questions_in_order(sections)
        return cls(step, settings, sections, questions, form_selectors.specs_of(questions))


def questionnaire_step_for(request: HttpRequest, slug: str, step_id: int) -> Step:
    """The questionnaire step of a process this user may see: a draft is 404, else 403."""
    process = get_object_or_404(Process, slug=slug)
    if not request.user.has_perm("processes.view_process", process):
        if not process.is_published:
            raise Http404
        raise PermissionDenied
    step = get_object_or_404(Step, process=process, pk=step_id, kind=KIND)
    step.process = process
    return step


def questionnaire_page(request: HttpRequest, step: Step) -> HttpResponse:
    """The step's page: the first section to answer, or why there is none."""
    settings = settings_for(step)
    if settings is None:
        return _status(request, step, None, "not_ready")
    questionnaire = Questionnaire.of(step, settings)
    if not questionnaire.questions:
        return _status(request, step, settings, "not_ready")
    user = request.user
    editing = user.has_perm("questionnaires.change_reply", step) and (
        (reply := own_reply(user, settings, draft=False)) is not None
    )
    if not editing and not user.has_perm("questionnaires.answer", step):
        return _status(request, step, settings, _refusal(user, step, settings))
    data: Data = {}
    if editing:
        data = _stored_data(questionnaire, reply)
    elif settings.drafts and (draft := own_reply(user, settings, draft=True)) is not None:
        data = _stored_data(questionnaire, draft)
    visible = set(validate_reply(questionnaire.specs, data).visible)
    return section_page(request, questionnaire, data, _shown(questionnaire, data, visible)[0], {})


@require_POST
def answer(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """A page of the questionnaire sent: to the next or previous section, kept as a draft, or
    given as the reply."""
    step = questionnaire_step_for(request, slug, step_id)
    settings = settings_for(step)
    if settings is None:
        raise Http404
    user = request.user
    editing = user.has_perm("questionnaires.change_reply", step) and (
        own_reply(user, settings, draft=False) is not None
    )
    if not editing and not user.has_perm("questionnaires.answer", step):
        if not user.is_authenticated and settings.audience != Audience.ANYONE:
            return redirect_to_login(step.get_absolute_url())
        return redirect(step.get_absolute_url())
    return navigate(request, Questionnaire.of(step, settings), editing=editing)


def navigate(
    request: HttpRequest,
    questionnaire: Questionnaire,
    *,
    editing: bool = False,
    preview: bool = False,
) -> HttpResponse:
    """One page sent: the whole reply validated, then the next or previous section, a draft,
    or the reply given. A preview (staff) goes through the same steps and stores nothing."""
    step, settings, user = questionnaire.step, questionnaire.settings, request.user
    page = partial(section_page, request, questionnaire, preview=preview)
    data = _posted(request, questionnaire)
    index = _index(request.POST.get("section"), len(questionnaire.sections))
    upload_errors = {} if preview else _receive_files(request, questionnaire, index, data)
    outcome = validate_reply(questionnaire.specs, data)
    errors = _messages(outcome.errors, upload_errors)
    shown = _shown(questionnaire, data, outcome.visible)
    action = request.POST.get("action", "next")
    if action == "previous":
        earlier = [i for i in shown if i < index]
        return page(data, earlier[-1] if earlier else shown[0], {})
    if action == "draft" and settings.drafts and user.is_authenticated and not preview:
        draft_save(
            person=user,
            settings=settings,
            values=_file_names(outcome.values),
            kinds=kinds_of(questionnaire.questions),
        )
        messages.success(request, _("Your draft is saved: come back to it until the close."))
        return page(data, index, errors)
    here = _errors_in(questionnaire.sections[index], errors)
    if action == "next":
        later = [i for i in shown if i > index]
        if here or not later:
            return page(data, index, here, status=400 if here else 200)
        return page(data, later[0], {})
    if errors:
        first = next(i for i in shown if _errors_in(questionnaire.sections[i], errors))
        return page(data, first, _errors_in(questionnaire.sections[first], errors), status=400)
    if preview:
        messages.success(request, _("Preview: this reply is valid. Nothing was stored."))
        return page(data, index, {})
    try:
        reply_submit(
            person=user,
            settings=settings,
            questions=questionnaire.specs,
            values=_file_names(outcome.values),
            kinds=kinds_of(questionnaire.questions),
        )
    except ReplyRefused:
        messages.error(request, _("You have already replied to this questionnaire."))
        return redirect(step.get_absolute_url())
    messages.success(
        request,
        _("Your changes are saved.") if editing else _("Thank you: your reply is recorded."),
    )
    return redirect(step.get_absolute_url())


def _posted(request: HttpRequest, questionnaire: Questionnaire) -> Data:
    """The posted answers (inputs named q<id>…), file names checked: a name the server did not
    sign is dropped."""
    files = {q.pk for q in questionnaire.questions if q.type == QuestionType.FILE}
    data: Data = {}
    for name, values in request.POST.lists():
        match = FIELD.match(name)
        if not match:
            continue
        if int(match.group(1)) in files and not all(uploads.file_name(v) for v in values if v):
            continue
        data[name] = values
    return data


def _receive_files(
    request: HttpRequest, questionnaire: Questionnaire, index: int, data: Data
) -> dict[int, list[str]]:
    """Store the files sent with this page (re-encoded); their signed names join the data."""
    errors: dict[int, list[str]] = {}
    for question in questionnaire.sections[index].questions.all():
        upload = request.FILES.get(field_name(question.pk, "_upload"))
        if question.type != QuestionType.FILE or upload is None:
            continue
        try:
            data[field_name(question.pk)] = [uploads.store_upload(upload, request.organization)]  # type: ignore[attr-defined]
        except ValidationError as error:
            errors[question.pk] = list(error.messages)
    return errors


def _file_names(values: Mapping[int, Value]) -> dict[int, Value]:
    """Signed file names → stored names, for the database."""
    return {
        question: FileValue(uploads.file_name(value.name) or "")
        if isinstance(value, FileValue)
        else value
        for question, value in values.items()
    }


def _stored_data(questionnaire: Questionnaire, reply: Any) -> Data:
    values = form_selectors.reply_values(reply, questionnaire.questions)
    signed = {
        question: FileValue(uploads.signed(value.name)) if isinstance(value, FileValue) else value
        for question, value in values.items()
    }
    return data_of(questionnaire.specs, signed)


def _messages(
    codes: Mapping[int, Sequence[str]], extra: Mapping[int, list[str]]
) -> dict[int, list[str]]:
    errors = {
        question: [str(REPLY_ERRORS[code]) for code in found] for question, found in codes.items()
    }
    for question, found in extra.items():
        errors[question] = found + errors.get(question, [])
    return errors


def _errors_in(section: Section, errors: Mapping[int, list[str]]) -> dict[int, list[str]]:
    return {q.pk: errors[q.pk] for q in section.questions.all() if q.pk in errors}


def _index(raw: str | None, count: int) -> int:
    try:
        return min(max(int(raw or 0), 0), count - 1)
    except ValueError:
        return 0


def _shown(questionnaire: Questionnaire, data: Data, visible: set[int]) -> list[int]:
    """The sections with something to answer for this reply (at least the first)."""
    labels: dict[int, str] = {}
    shown = [
        index
        for index, section in enumerate(questionnaire.sections)
        if section_views(section, data, {}, visible, labels)
    ]
    return shown or [0]


def section_page(
    request: HttpRequest,
    questionnaire: Questionnaire,
    data: Data,
    index: int,
    errors: Mapping[int, list[str]],
    status: int = 200,
    *,
    preview: bool = False,
) -> HttpResponse:
    section = questionnaire.sections[index]
    visible = set(validate_reply(questionnaire.specs, data).visible)
    views = section_views(section, data, errors, visible, labels_of(questionnaire.questions))
    here = {q.pk for q in section.questions.all()}
    carried = [
        (name, value)
        for name, values in data.items()
        if int(FIELD.match(name).group(1)) not in here  # type: ignore[union-attr]
        for value in values
    ]
    shown = _shown(questionnaire, data, visible)
    position = shown.index(index) + 1 if index in shown else 1
    settings = questionnaire.settings
    return render(
        request,
        "questionnaires/answer.html",
        {
            "step": questionnaire.step,
            "process": questionnaire.step.process,
            "settings": settings,
            "section": section,
            "index": index,
            "position": position,
            "total": len(shown),
            "is_first": position == 1,
            "is_last": position == len(shown),
            "views": views,
            "carried": carried,
            "errors": errors,
            "grades": grade_labels(),
            "may_draft": settings.drafts and request.user.is_authenticated and not preview,
            "stored": stored_statement(settings, request.user),
            "preview": preview,
            "action": reverse(
                "questionnaires:preview" if preview else "questionnaires:answer",
                kwargs={"slug": questionnaire.step.process.slug, "step_id": questionnaire.step.pk},
            ),
        },
        status=status,
    )


def stored_statement(settings: QuestionnaireSettings, user: Any) -> str:
    """What the page says plainly about what is kept of the reply."""
    if settings.anonymous:
        return _(
            "Your reply is anonymous: it is stored without your name, your account, your "
            "address (IP) or the time you sent it, mixed with other replies. We only keep that "
            "you took part, to count one reply per person."
        )
    if not user.is_authenticated:
        return _("Your reply is stored without your name: you answer without an account.")
    return _(
        "Your reply is stored with your account: the organisation's staff can read it with "
        "your name."
    )


def _refusal(user: Any, step: Step, settings: QuestionnaireSettings) -> str:
    phase = step.phase()
    if phase is Phase.UPCOMING:
        return "upcoming"
    if phase is Phase.PAST:
        return "closed"
    if settings.audience != Audience.ANYONE and not user.is_authenticated:
        return "login"
    if settings.audience == Audience.VERIFIED and not getattr(user, "email_verified", False):
        return "verify"
    return "replied"


def _status(
    request: HttpRequest, step: Step, settings: QuestionnaireSettings | None, reason: str
) -> HttpResponse:
    return render(
        request,
        "questionnaires/status.html",
        {
            "step": step,
            "process": step.process,
            "settings": settings,
            "reason": reason,
            "phase": step.phase(),
            "may_view_results": request.user.has_perm("questionnaires.view_results", step),
        },
    )
