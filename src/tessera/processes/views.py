from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tessera.branding.models import SectionKind
from tessera.branding.sections import render_home_sections
from tessera.processes import hooks, timeline
from tessera.processes.forms import ProcessFilterForm
from tessera.processes.models import Process, Step
from tessera.processes.selectors import (
    for_cards,
    processes_listed_for,
    with_status,
)

PROCESSES_PER_PAGE = 12


def home(request: HttpRequest) -> HttpResponse:
    """The sections staff arranged (branding), each rendered by the app that owns its kind."""
    sections = render_home_sections(request)
    return render(
        request,
        "processes/home.html",
        {
            "sections": sections,
            "has_hero": any(section.kind == SectionKind.HERO for section, _html in sections),
        },
    )


def process_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    form = ProcessFilterForm(request.GET or None)
    processes = processes_listed_for(request.user)
    if form.is_valid():
        processes = with_status(processes, form.cleaned_data["status"], now)
        if form.cleaned_data["theme"]:
            processes = processes.filter(themes=form.cleaned_data["theme"])
        if form.cleaned_data["district"]:
            processes = processes.filter(districts=form.cleaned_data["district"])
    page = Paginator(for_cards(processes), PROCESSES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "processes/process_list.html",
        {"form": form, "page": page, "now": now},
        status=400 if form.errors else 200,
    )


def _process_for(request: HttpRequest, slug: str) -> Process:
    """The process if this user may see it: a draft is 404, a restricted one asks to log in."""
    process = get_object_or_404(Process.objects.prefetch_related("themes", "districts"), slug=slug)
    if request.user.has_perm("processes.view_process", process):
        return process
    if not process.is_published:
        raise Http404
    raise PermissionDenied


def process_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        process = _process_for(request, slug)
    except PermissionDenied:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    now = timezone.now()
    steps = list(process.steps.all())
    return render(
        request,
        "processes/process_detail.html",
        {
            "process": process,
            "steps": [(step, step.phase(now)) for step in steps],
            "active_step": timeline.active_step(steps, now),
            "next_step": timeline.next_step(steps, now),
            "status": process.status(now),
            "sections": hooks.detail_sections(request, process),
        },
    )


def step_detail(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    try:
        process = _process_for(request, slug)
    except PermissionDenied:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    step = get_object_or_404(Step, process=process, pk=step_id)
    step.process = process
    kind = step.kind_object
    if kind.view is not None:
        return kind.view(request, step)
    return render(
        request,
        "processes/step_detail.html",
        {"process": process, "step": step, "phase": step.phase(), "kind": kind},
    )
