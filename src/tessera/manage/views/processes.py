"""Processes in the back office: list, create, edit, publish, duplicate, delete or archive."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tessera.accounts.requests import require
from tessera.branding.models import Redirect
from tessera.core.richtext import render_markdown
from tessera.manage.forms import ProcessFilterForm, ProcessForm
from tessera.manage.services import process_has_contributions, process_remove
from tessera.processes import timeline
from tessera.processes.models import Process
from tessera.processes.selectors import with_status
from tessera.processes.services import process_save
from tessera.processes.services_editions import (
    process_duplicate,
    process_publish,
    process_short_url_set,
    process_unarchive,
    short_url_of,
)

PER_PAGE = 30


def process_for(request: HttpRequest, slug: str, permission: str) -> Process:
    process = get_object_or_404(Process, slug=slug)
    require(request, permission, process)
    return process


def _filtered(form: ProcessFilterForm) -> QuerySet[Process]:
    processes = Process.objects.prefetch_related("steps").order_by("-starts_at", "-created_at")
    if not form.is_valid():
        return processes.filter(archived_at__isnull=True)
    query, state = form.cleaned_data["q"], form.cleaned_data["state"]
    if query:
        processes = processes.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    if state == "archived":
        return processes.filter(archived_at__isnull=False)
    processes = processes.filter(archived_at__isnull=True)
    if state == "draft":
        return processes.filter(is_published=False)
    return with_status(processes, state, timezone.now()) if state else processes


@login_required
@require_GET
def process_list(request: HttpRequest) -> HttpResponse:
    require(request, "processes.change_process")
    form = ProcessFilterForm(request.GET or None)
    page = Paginator(_filtered(form), PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(process, timeline.active_step(process.steps.all(), now)) for process in page]
    return render(
        request,
        "manage/process_list.html",
        {"form": form, "page": page, "rows": rows, "section": "processes"},
    )


def _process_form_page(
    request: HttpRequest, form: ProcessForm, process: Process | None, status: int = 200
) -> HttpResponse:
    preview = None
    if "preview" in request.POST:
        preview = render_markdown(request.POST.get("description", ""))
    return render(
        request,
        "manage/process_form.html",
        {
            "form": form,
            "process": process,
            "preview": preview,
            "file_not_kept": bool(request.FILES),
            "section": "processes",
        },
        status=status,
    )


def _save(
    request: HttpRequest, form: ProcessForm, process: Process | None, existing: Redirect | None
) -> HttpResponse:
    """Save the process and its short URL at once; a bad short URL keeps every field typed.

    `existing` is the short URL read before the form changed the process's short name.
    """
    instance = form.save(commit=False)
    if process is None:
        instance.organization = request.organization  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            process_save(process=instance)
            form.save_m2m()
            instance.allowed_users.set(form.cleaned_data["allowed_emails"])
            process_short_url_set(
                process=instance, path=form.cleaned_data["short_url"], existing=existing
            )
    except ValidationError as error:
        form.add_error("short_url", error.message_dict.get("path") or error.messages)
        return _process_form_page(request, form, process, status=400)
    messages.success(request, _("The process is saved."))
    if process is None:
        return redirect("manage:timeline", slug=instance.slug)
    return redirect("manage:process_edit", slug=instance.slug)


def _form_status(request: HttpRequest) -> int:
    return 200 if "preview" in request.POST else 400


@login_required
@require_http_methods(["GET", "POST"])
def process_create(request: HttpRequest) -> HttpResponse:
    require(request, "processes.add_process")
    if request.method == "GET":
        return _process_form_page(request, ProcessForm(), None)
    form = ProcessForm(request.POST, request.FILES)
    if "preview" in request.POST or not form.is_valid():
        return _process_form_page(request, form, None, status=_form_status(request))
    return _save(request, form, None, None)


@login_required
@require_http_methods(["GET", "POST"])
def process_edit(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_for(request, slug, "processes.change_process")
    existing = short_url_of(process)
    if request.method == "GET":
        initial = {"short_url": existing.path if existing else ""}
        return _process_form_page(request, ProcessForm(instance=process, initial=initial), process)
    form = ProcessForm(request.POST, request.FILES, instance=process)
    if "preview" in request.POST or not form.is_valid():
        return _process_form_page(request, form, process, status=_form_status(request))
    return _save(request, form, process, existing)


@login_required
@require_POST
def process_publish_view(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_for(request, slug, "processes.change_process")
    published = request.POST.get("published") == "1"
    try:
        process_publish(process=process, published=published)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("manage:timeline", slug=process.slug)
    messages.success(
        request, _("The process is published.") if published else _("The process is a draft again.")
    )
    return redirect("manage:timeline", slug=process.slug)


@login_required
@require_POST
def process_duplicate_view(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_for(request, slug, "processes.add_process")
    copy = process_duplicate(process=process)
    messages.success(
        request,
        _("“%(title)s” is ready as a draft, its steps one year later: check the dates.")
        % {"title": copy.title},
    )
    return redirect("manage:timeline", slug=copy.slug)


@login_required
@require_http_methods(["GET", "POST"])
def process_remove_view(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_for(request, slug, "processes.delete_process")
    if request.method == "GET":
        return render(
            request,
            "manage/process_remove.html",
            {
                "process": process,
                "has_contributions": process_has_contributions(process),
                "section": "processes",
            },
        )
    if request.POST.get("action") == "unarchive":
        process_unarchive(process=process)
        messages.success(request, _("The process is back in the list, as a draft."))
        return redirect("manage:timeline", slug=process.slug)
    title = process.title
    if process_remove(process=process):
        messages.success(request, _("“%(title)s” is deleted.") % {"title": title})
    else:
        messages.success(
            request,
            _("“%(title)s” is archived: it had contributions, which are kept.") % {"title": title},
        )
    return redirect("manage:processes")
