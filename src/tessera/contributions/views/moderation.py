"""The one moderation queue (/manage/moderation/): reported contributions of every kind."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tessera.contributions.forms import (
    BulkReviewForm,
    ModerationSettingsForm,
    QueueFilterForm,
    ReviewForm,
)
from tessera.contributions.models import Contribution, ModerationSettings
from tessera.contributions.moderation import contribution_review
from tessera.contributions.selectors import QueueFilters, moderation_queue, reports_threshold_for
from tessera.contributions.views.access import staff_user
from tessera.organizations.models import Organization

DONE = {
    "hide": gettext_lazy("The content is hidden."),
    "unhide": gettext_lazy("The content is shown again."),
    "dismiss": gettext_lazy("The reports are dismissed."),
}


def _organization(request: HttpRequest) -> Organization:
    return request.organization  # type: ignore[attr-defined]


def _filters(form: QueueFilterForm) -> QueueFilters:
    if not form.is_valid():
        return QueueFilters()
    data = form.cleaned_data
    process = data["process"]
    return QueueFilters(
        kind=data["kind"] or None,
        process_id=process.pk if process else None,
        state=data["state"] or None,
    )


@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    staff_user(request, "contributions.moderate")
    organization = _organization(request)
    filter_form = QueueFilterForm(request.GET or None)
    page = moderation_queue(_filters(filter_form), request.GET.get("page"))
    return render(
        request,
        "contributions/moderation/queue.html",
        {
            "filter_form": filter_form,
            "page": page,
            "items": page.object_list,
            "threshold": reports_threshold_for(organization.pk),
            "can_configure": request.user.has_perm(
                "contributions.change_moderationsettings", organization
            ),
        },
    )


def _errors_to_messages(request: HttpRequest, form: Form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide, show again or dismiss the reports of one contribution."""
    moderator = staff_user(request, "contributions.moderate")
    contribution = get_object_or_404(Contribution, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        _errors_to_messages(request, form)
        return redirect("contributions:moderation")
    action = form.cleaned_data["action"]
    try:
        contribution_review(
            contribution=contribution,
            moderator=moderator,
            action=action,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("contributions:moderation")
    messages.success(request, str(DONE[action]))
    return redirect("contributions:moderation")


@require_POST
def bulk_review(request: HttpRequest) -> HttpResponse:
    """Hide or show again the checked items, with one public reason (each author is told)."""
    moderator = staff_user(request, "contributions.moderate")
    form = BulkReviewForm(request.POST)
    ids = [int(item) for item in request.POST.getlist("items") if item.isdigit()]
    if not ids:
        messages.error(request, _("Check at least one item."))
    if not form.is_valid() or not ids:
        _errors_to_messages(request, form)
        return redirect("contributions:moderation")
    action = form.cleaned_data["action"]
    with transaction.atomic():
        for contribution in Contribution.objects.filter(pk__in=ids):
            contribution_review(
                contribution=contribution,
                moderator=moderator,
                action=action,
                reason=form.cleaned_data["reason"],
            )
    messages.success(request, str(DONE[action]))
    return redirect("contributions:moderation")


@require_http_methods(["GET", "POST"])
def moderation_settings(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    staff_user(request, "contributions.change_moderationsettings")
    organization = _organization(request)
    instance = ModerationSettings.objects.filter(organization=organization).first()
    if instance is None:
        instance = ModerationSettings(organization=organization)
    form = ModerationSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The moderation settings are saved."))
        return redirect("contributions:moderation")
    return render(
        request,
        "contributions/moderation/settings.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
