"""The moderation queue: reported and automatically hidden proposals and comments."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tessera.accounts.models import User
from tessera.comments.forms import (
    BulkReviewForm,
    ModerationSettingsForm,
    QueueFilterForm,
    ReviewForm,
)
from tessera.comments.models import Comment, ModerationSettings
from tessera.comments.moderation import comment_review, proposal_review
from tessera.comments.selectors import QueueFilters, moderation_queue, reports_threshold_for
from tessera.organizations.models import Organization
from tessera.proposals.models import Proposal

View = Callable[..., HttpResponse]


def _organization(request: HttpRequest) -> Organization:
    return request.organization  # type: ignore[attr-defined]


def moderators_only(view: View) -> View:
    """Moderators (and above) of this organisation; anonymous visitors are asked to log in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("comments.moderate", _organization(request)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


DONE = {
    "hide": gettext_lazy("The content is hidden."),
    "unhide": gettext_lazy("The content is shown again."),
    "dismiss": gettext_lazy("The reports are dismissed."),
}


def _filters(form: QueueFilterForm) -> QueueFilters:
    if not form.is_valid():
        return QueueFilters()
    data = form.cleaned_data
    state = {"hidden": True, "shown": False}.get(data["state"])
    process = data["process"]
    return QueueFilters(
        kind=data["kind"] or None, process_id=process.pk if process else None, hidden=state
    )


@moderators_only
def queue(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    filter_form = QueueFilterForm(request.GET or None)
    content = moderation_queue(_filters(filter_form))
    return render(
        request,
        "comments/moderation/queue.html",
        {
            "filter_form": filter_form,
            "comments": content.comments,
            "proposals": content.proposals,
            "threshold": reports_threshold_for(organization.pk),
            "can_configure": request.user.has_perm(
                "comments.change_moderationsettings", organization
            ),
        },
    )


def _review(request: HttpRequest, run: Callable[[str, str], None]) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("comments:moderation")
    action = form.cleaned_data["action"]
    try:
        run(action, form.cleaned_data["reason"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("comments:moderation")
    messages.success(request, str(DONE[action]))
    return redirect("comments:moderation")


def _moderator(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@moderators_only
@require_POST
def review_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("proposal"), pk=pk)
    return _review(
        request,
        lambda action, reason: comment_review(
            comment=comment, moderator=_moderator(request), action=action, reason=reason
        ),
    )


@moderators_only
@require_POST
def review_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=pk)
    return _review(
        request,
        lambda action, reason: proposal_review(
            proposal=proposal, moderator=_moderator(request), action=action, reason=reason
        ),
    )


ITEM = re.compile(r"^(proposal|comment)-(\d+)$")


@moderators_only
@require_POST
def bulk_review(request: HttpRequest) -> HttpResponse:
    """Hide or show again the checked items, with one public reason (each author is told)."""
    form = BulkReviewForm(request.POST)
    items = [match for item in request.POST.getlist("items") if (match := ITEM.match(item))]
    if not form.is_valid() or not items:
        if not items:
            messages.error(request, _("Check at least one item."))
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("comments:moderation")
    moderator = _moderator(request)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    ids = {kind: [int(m.group(2)) for m in items if m.group(1) == kind] for kind in KINDS}
    with transaction.atomic():
        for proposal in Proposal.objects.filter(pk__in=ids["proposal"]).select_related(
            "contribution"
        ):
            proposal_review(proposal=proposal, moderator=moderator, action=action, reason=reason)
        for comment in Comment.objects.filter(pk__in=ids["comment"]):
            comment_review(comment=comment, moderator=moderator, action=action, reason=reason)
    messages.success(request, str(DONE[action]))
    return redirect("comments:moderation")


KINDS = ("proposal", "comment")


@require_http_methods(["GET", "POST"])
def moderation_settings(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("comments.change_moderationsettings", organization):
        raise PermissionDenied
    instance = ModerationSettings.objects.filter(organization=organization).first()
    if instance is None:
        instance = ModerationSettings(organization=organization)
    form = ModerationSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The moderation settings are saved."))
        return redirect("comments:moderation")
    return render(
        request,
        "comments/moderation/settings.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
