"""Staff build the questionnaire in the back office: sections, questions and their options,
conditions, order; a preview as a resident sees it. Reached from the step's settings in the
process's timeline (questionnaires/_settings_step.html)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tessera.forms import building
from tessera.forms import selectors as form_selectors
from tessera.forms.building import BuildRefused
from tessera.forms.messages import CONDITION_ERRORS
from tessera.forms.models import Condition, Question, Section
from tessera.forms.staff_forms import ConditionForm, QuestionForm, SectionForm
from tessera.processes.models import Step
from tessera.questionnaires.models import QuestionnaireSettings
from tessera.questionnaires.selectors import settings_for
from tessera.questionnaires.services import settings_save
from tessera.questionnaires.views.answer import (
    Questionnaire,
    navigate,
    questionnaire_step_for,
    section_page,
)


def refusal_messages(error: BuildRefused) -> list[str]:
    sentences = {
        BuildRefused.SOURCE_OF_CONDITION: _(
            "A condition of another question reads this: change or delete that condition first."
        ),
        BuildRefused.ANSWERS_WOULD_GO: _(
            "Replies answered what you are removing: confirm to remove it from the form (its "
            "answers stay in the exports)."
        ),
    }
    return [str(sentences.get(code) or CONDITION_ERRORS[code]) for code in error.codes]


def staff_step(request: HttpRequest, slug: str, step_id: int) -> Step:
    """The questionnaire step, if this user may build it (the one check of these pages)."""
    step = questionnaire_step_for(request, slug, step_id)
    if not request.user.has_perm("questionnaires.build", step):
        raise PermissionDenied
    return step


def _settings(step: Step) -> QuestionnaireSettings:
    """The step's questionnaire; none yet is 404 (the builder's page offers to start one)."""
    settings = settings_for(step)
    if settings is None:
        raise Http404
    return settings


def _back(step: Step) -> HttpResponse:
    return redirect("questionnaires:builder", slug=step.process.slug, step_id=step.pk)


@login_required
@require_http_methods(["GET", "POST"])
def builder(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    step = staff_step(request, slug, step_id)
    if request.method == "POST":
        if settings_for(step) is None:
            # The first visit from the timeline, before any settings were saved.
            settings_save(
                settings=QuestionnaireSettings(step=step, organization_id=step.organization_id)
            )
        return _back(step)
    settings = settings_for(step)
    sections = form_selectors.sections_of(settings.form) if settings else []
    return render(
        request,
        "questionnaires/builder.html",
        {
            "step": step,
            "process": step.process,
            "settings": settings,
            "sections": sections,
            "replies": settings.form.replies.filter(is_draft=False).count() if settings else 0,
            "section_form": SectionForm(),
            "section": "processes",
        },
    )


@login_required
@require_POST
def section_add(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    step = staff_step(request, slug, step_id)
    form = SectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the section a title."))
        return _back(step)
    building.section_add(form=_settings(step).form, **form.cleaned_data)
    messages.success(request, _("The section is added."))
    return _back(step)


def _section_of(step: Step, section_id: int) -> Section:
    return get_object_or_404(Section, pk=section_id, form=_settings(step).form, removed=False)


def _question_of(step: Step, question_id: int) -> Question:
    return get_object_or_404(Question, pk=question_id, form=_settings(step).form, removed=False)


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, slug: str, step_id: int, section_id: int) -> HttpResponse:
    step = staff_step(request, slug, step_id)
    section = _section_of(step, section_id)
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The section is saved."))
        return _back(step)
    status = 400 if request.method == "POST" else 200
    context = {"step": step, "process": step.process, "form": form, "title": section.title}
    return render(request, "questionnaires/section_form.html", context, status=status)


@login_required
@require_POST
def section_delete(request: HttpRequest, slug: str, step_id: int, section_id: int) -> HttpResponse:
    step = staff_step(request, slug, step_id)
    section = _section_of(step, section_id)
    return _refused_or_done(
        request,
        step,
        lambda: building.section_delete(section=section, confirmed="confirm" in request.POST),
        _("The section is deleted."),
        confirm=("section", section),
    )


@login_required
@require_POST
def move(
    request: HttpRequest,
    slug: str,
    step_id: int,
    section_id: int | None = None,
    question_id: int | None = None,
) -> HttpResponse:
    """A section, or a question inside its section, one place up or down."""
    step = staff_step(request, slug, step_id)
    direction = -1 if request.POST.get("direction") == "up" else 1
    if section_id is not None:
        section = _section_of(step, section_id)
        return _refused_or_done(
            request,
            step,
            lambda: building.section_move(section=section, step=direction),
            _("The section is moved."),
        )
    question = _question_of(step, question_id or 0)
    return _refused_or_done(
        request,
        step,
        lambda: building.question_move(question=question, step=direction),
        _("The question is moved."),
    )


@login_required
@require_POST
def question_delete(
    request: HttpRequest, slug: str, step_id: int, question_id: int
) -> HttpResponse:
    step = staff_step(request, slug, step_id)
    question = _question_of(step, question_id)
    return _refused_or_done(
        request,
        step,
        lambda: building.question_delete(question=question, confirmed="confirm" in request.POST),
        _("The question is deleted."),
        confirm=("question", question),
    )


def _refused_or_done(
    request: HttpRequest,
    step: Step,
    change: Any,
    done: str,
    confirm: tuple[str, Any] | None = None,
) -> HttpResponse:
    try:
        change()
    except BuildRefused as refused:
        if confirm and refused.codes == [BuildRefused.ANSWERS_WOULD_GO]:
            kind, row = confirm
            context = {"step": step, "process": step.process, "kind": kind, "row": row}
            return render(request, "questionnaires/confirm_delete.html", context, status=409)
        for message in refusal_messages(refused):
            messages.error(request, message)
        return _back(step)
    messages.success(request, done)
    return _back(step)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(
    request: HttpRequest, slug: str, step_id: int, question_id: int | None = None
) -> HttpResponse:
    """A new question (in the section `?section=`) or an existing one, with its conditions."""
    step = staff_step(request, slug, step_id)
    settings = _settings(step)
    question = _question_of(step, question_id) if question_id else Question()
    section = request.GET.get("section")
    if question_id is None and section and section.isdigit():
        question.section = _section_of(step, int(section))
    form = QuestionForm(request.POST or None, instance=question, form=settings.form)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            building.question_save(
                question=form.save(commit=False),
                lines=form.lines,
                confirmed=form.cleaned_data["confirm"],
            )
        except BuildRefused as refused:
            form.add_error(
                "confirm" if BuildRefused.ANSWERS_WOULD_GO in refused.codes else None,
                refusal_messages(refused),
            )
        else:
            messages.success(request, _("The question is saved."))
            return _back(step)
    if request.method == "POST":
        status = 400
    return _question_page(request, step, settings, question, form, status=status)


def _question_page(
    request: HttpRequest,
    step: Step,
    settings: QuestionnaireSettings,
    question: Question,
    form: QuestionForm,
    condition_form: ConditionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    earlier: list[Question] = []
    if question.pk:
        ordered = form_selectors.questions_in_order(form_selectors.sections_of(settings.form))
        earlier = ordered[: [q.pk for q in ordered].index(question.pk)]
    return render(
        request,
        "questionnaires/question_form.html",
        {
            "step": step,
            "process": step.process,
            "question": question,
            "form": form,
            "conditions": Condition.objects.filter(question=question).select_related(
                "source", "option"
            )
            if question.pk
            else [],
            "condition_form": condition_form
            or (ConditionForm(question=question, earlier=earlier) if earlier else None),
            "section": "processes",
        },
        status=status,
    )


@login_required
@require_POST
def condition_add(request: HttpRequest, slug: str, step_id: int, question_id: int) -> HttpResponse:
    step = staff_step(request, slug, step_id)
    settings = _settings(step)
    question = _question_of(step, question_id)
    ordered = form_selectors.questions_in_order(form_selectors.sections_of(settings.form))
    earlier = ordered[: [q.pk for q in ordered].index(question.pk)]
    form = ConditionForm(request.POST, question=question, earlier=earlier)
    if form.is_valid():
        try:
            building.condition_add(question=question, **form.cleaned_data)
        except BuildRefused as refused:
            form.add_error(None, refusal_messages(refused))
        else:
            messages.success(request, _("The condition is added."))
            return redirect(
                "questionnaires:question", slug=slug, step_id=step_id, question_id=question.pk
            )
    question_form = QuestionForm(instance=question, form=settings.form)
    return _question_page(request, step, settings, question, question_form, form, status=400)


@login_required
@require_POST
def condition_delete(
    request: HttpRequest, slug: str, step_id: int, question_id: int, condition_id: int
) -> HttpResponse:
    step = staff_step(request, slug, step_id)
    question = _question_of(step, question_id)
    building.condition_delete(
        condition=get_object_or_404(Condition, pk=condition_id, question=question)
    )
    messages.success(request, _("The condition is deleted."))
    return redirect("questionnaires:question", slug=slug, step_id=step_id, question_id=question.pk)


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """The questionnaire as a resident sees it, page after page; nothing sent is stored."""
    step = staff_step(request, slug, step_id)
    questionnaire = Questionnaire.of(step, _settings(step))
    if not questionnaire.questions:
        messages.error(request, _("Add a question first."))
        return _back(step)
    if request.method == "POST":
        return navigate(request, questionnaire, preview=True)
    return section_page(request, questionnaire, {}, 0, {}, preview=True)
