"""A process's timeline in the back office: its steps, each kind's settings, publishing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tessera.accounts.requests import user_of
from tessera.manage.forms import StepForm
from tessera.manage.services import step_has_contributions
from tessera.manage.views.processes import process_for
from tessera.processes import kinds
from tessera.processes.models import Process, Step
from tessera.processes.services import step_delete, step_save

# Kinds run from a page of their own besides their settings (the vote: codes, paper ballots,
# the publication of its results).
OWN_PAGES = {"vote": "voting:manage"}


@dataclass(frozen=True)
class StepRow:
    step: Step
    kind: kinds.StepKind | None
    summary: str
    own_page: str


def _own_page(step: Step) -> str:
    name = OWN_PAGES.get(step.kind)
    if not name:
        return ""
    try:
        return reverse(name, kwargs={"slug": step.process.slug, "step_id": step.pk})
    except NoReverseMatch:
        return ""


def step_row(step: Step) -> StepRow:
    try:
        kind = kinds.get(step.kind)
    except kinds.UnknownStepKind:
        return StepRow(step, None, "", "")
    summary = kind.settings.summary(step) if kind.settings else str(kind.description)
    return StepRow(step, kind, summary, _own_page(step))


def _timeline_page(
    request: HttpRequest, process: Process, form: StepForm | None = None, status: int = 200
) -> HttpResponse:
    steps = list(process.steps.order_by("starts_at"))
    for step in steps:
        step.process = process
    now = timezone.now()
    return render(
        request,
        "manage/timeline.html",
        {
            "process": process,
            "rows": [(step_row(step), step.phase(now)) for step in steps],
            "form": form or StepForm(process=process),
            "section": "processes",
        },
        status=status,
    )


def _save_step(form: StepForm, process: Process) -> Step | None:
    """Save through the service (the judge of overlaps, under a lock); None on a refusal,
    which the form then shows."""
    step = form.save(commit=False)
    step.process = process
    try:
        step_save(step=step)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    return step


@login_required
@require_http_methods(["GET", "POST"])
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_for(request, slug, "processes.change_process")
    if request.method == "GET":
        return _timeline_page(request, process)
    form = StepForm(request.POST, process=process, instance=Step(process=process))
    if not form.is_valid() or _save_step(form, process) is None:
        return _timeline_page(request, process, form, status=400)
    messages.success(request, _("The step is added."))
    return redirect("manage:timeline", slug=process.slug)


def _step_of(request: HttpRequest, slug: str, step_id: int) -> Step:
    process = process_for(request, slug, "processes.change_process")
    step = get_object_or_404(Step, process=process, pk=step_id)
    step.process = process
    return step


def _settings_form(step: Step, request: HttpRequest, bound: bool) -> Any:
    settings = step_row(step).kind
    if settings is None or settings.settings is None:
        return None
    form_class = settings.settings.form
    if bound:
        return form_class(request.POST, request.FILES, step=step, user=user_of(request))
    return form_class(step=step, user=user_of(request))


def _step_page(
    request: HttpRequest,
    step: Step,
    form: StepForm | None = None,
    settings_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    row = step_row(step)
    return render(
        request,
        "manage/step.html",
        {
            "process": step.process,
            "step": step,
            "row": row,
            "form": form or StepForm(process=step.process, instance=step),
            "settings_form": settings_form or _settings_form(step, request, bound=False),
            "settings_template": (
                row.kind.settings.template if row.kind and row.kind.settings else None
            )
            or "manage/_settings_form.html",
            "section": "processes",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    step = _step_of(request, slug, step_id)
    if request.method == "GET":
        return _step_page(request, step)
    form = StepForm(request.POST, process=step.process, instance=step)
    if not form.is_valid() or _save_step(form, step.process) is None:
        return _step_page(request, step, form=form, status=400)
    messages.success(request, _("The step is saved."))
    return redirect("manage:step", slug=step.process.slug, step_id=step.pk)


@login_required
@require_POST
def step_settings(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    step = _step_of(request, slug, step_id)
    form = _settings_form(step, request, bound=True)
    if form is None:
        return redirect("manage:step", slug=step.process.slug, step_id=step.pk)
    if not form.is_valid():
        return _step_page(request, step, settings_form=form, status=400)
    form.save()
    messages.success(request, _("The settings of the step are saved."))
    return redirect("manage:step", slug=step.process.slug, step_id=step.pk)


@login_required
@require_POST
def step_remove(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    step = _step_of(request, slug, step_id)
    if step_has_contributions(step):
        messages.error(request, _("This step has contributions: it cannot be removed."))
        return redirect("manage:step", slug=step.process.slug, step_id=step.pk)
    try:
        step_delete(step=step)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The step “%(title)s” is removed.") % {"title": step.title})
    return redirect("manage:timeline", slug=step.process.slug)
