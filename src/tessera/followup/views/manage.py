"""The follow-up back office (/manage/realisations/): list, edit, history, news, creation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Field, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tessera.accounts.requests import require, user_of
from tessera.followup import services
from tessera.followup.forms import (
    ManageFilterForm,
    NewsPostForm,
    RealisationForm,
    RealisationsCreateForm,
)
from tessera.followup.models import Realisation, RealisationUpdate
from tessera.followup.selectors import news_of
from tessera.followup.statuses import UNFINISHED, RealisationStatus

PER_PAGE = 50


@dataclass(frozen=True)
class Change:
    label: str
    before: Any
    after: Any


def _changes(update: RealisationUpdate) -> list[Change]:
    """An update's changes with field labels and status names, as the history table shows."""
    rows = []
    for field, (before, after) in update.changes.items():
        if field == "status":
            before, after = RealisationStatus(before).label, RealisationStatus(after).label
        model_field = Realisation._meta.get_field(field)
        assert isinstance(model_field, Field)  # TRACKED_FIELDS are the model's own fields
        rows.append(Change(str(capfirst(model_field.verbose_name)), before, after))
    return rows


def _list_page(
    request: HttpRequest, create_form: RealisationsCreateForm | None = None, status: int = 200
) -> HttpResponse:
    form = ManageFilterForm(request.GET or None)
    realisations: QuerySet[Realisation] = Realisation.objects.select_related(
        "process", "service", "district"
    ).order_by("process__title", "title", "pk")
    if form.is_valid():
        data = form.cleaned_data
        if data["process"]:
            realisations = realisations.filter(process=data["process"])
        if data["status"]:
            realisations = realisations.filter(status=data["status"])
        if data["late"]:
            realisations = realisations.filter(
                planned_end__lt=timezone.localdate(),
                status__in=UNFINISHED,
            )
    elif form.errors:
        realisations = realisations.none()
    page = Paginator(realisations, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "followup/manage_list.html",
        {
            "form": form,
            "page": page,
            "create_form": create_form or RealisationsCreateForm(),
            "can_create": request.user.has_perm("followup.create_realisations", None),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else status,
    )


@login_required
@require_GET
def realisation_list(request: HttpRequest) -> HttpResponse:
    require(request, "followup.manage")
    return _list_page(request)


@login_required
@require_POST
def realisations_create(request: HttpRequest) -> HttpResponse:
    """Create the realisations of a follow-up step's process from its winners."""
    require(request, "followup.manage")
    form = RealisationsCreateForm(request.POST)
    if not form.is_valid():
        return _list_page(request, create_form=form, status=400)
    step = form.cleaned_data["step"]
    require(request, "followup.create_realisations", step.process)
    created = services.realisations_create(step=step)
    if created:
        messages.success(
            request,
            ngettext(
                "%(count)s realisation created for “%(process)s”.",
                "%(count)s realisations created for “%(process)s”.",
                len(created),
            )
            % {"count": len(created), "process": step.process.title},
        )
    else:
        messages.info(
            request,
            _("Every winner of “%(process)s” already has its realisation.")
            % {"process": step.process.title},
        )
    return redirect(f"{reverse('followup:manage')}?process={step.process.slug}")


def _edit_page(
    request: HttpRequest,
    realisation: Realisation,
    form: RealisationForm | None = None,
    news_form: NewsPostForm | None = None,
    status: int = 200,
) -> HttpResponse:
    updates = list(realisation.updates.select_related("author"))
    return render(
        request,
        "followup/manage_edit.html",
        {
            "realisation": realisation,
            "form": form or RealisationForm(realisation=realisation),
            "news_form": news_form or NewsPostForm(),
            "history": [(update, _changes(update)) for update in updates],
            "news": list(news_of(realisation)),
            "image_not_kept": bool(news_form and news_form.errors and request.FILES),
        },
        status=status,
    )


def _realisation_for(request: HttpRequest, pk: int) -> Realisation:
    realisation = get_object_or_404(
        Realisation.objects.select_related("process", "proposal", "service", "district", "theme"),
        pk=pk,
    )
    require(request, "followup.change_realisation", realisation)
    return realisation


@login_required
@require_http_methods(["GET", "POST"])
def realisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a realisation; a refused change shows the form again with everything typed."""
    realisation = _realisation_for(request, pk)
    if request.method != "POST":
        return _edit_page(request, realisation)
    form = RealisationForm(request.POST, realisation=realisation)
    if form.is_valid():
        try:
            update = services.realisation_update(
                realisation=realisation, changed_by=user_of(request), values=form.changed_values()
            )
        except ValidationError as error:
            # Someone else changed it meanwhile and the rules now refuse it.
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            if update is None:
                messages.info(request, _("Nothing changed."))
            else:
                messages.success(request, _("The realisation is updated."))
            return redirect("followup:edit", pk=realisation.pk)
    return _edit_page(request, realisation, form=form, status=400)


@login_required
@require_POST
def news_publish(request: HttpRequest, pk: int) -> HttpResponse:
    realisation = _realisation_for(request, pk)
    require(request, "followup.publish_news", realisation)
    form = NewsPostForm(request.POST, request.FILES)
    if not form.is_valid():
        return _edit_page(request, realisation, news_form=form, status=400)
    data = form.cleaned_data
    services.news_post_publish(
        realisation=realisation,
        author=user_of(request),
        title=data["title"],
        body=data["body"],
        image=data["image"],
        image_alt=data["image_alt"],
    )
    messages.success(request, _("The news is published on the realisation's page."))
    return redirect(f"{reverse('followup:edit', kwargs={'pk': realisation.pk})}#news")
