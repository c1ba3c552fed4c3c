"""The moderation queue: reported and automatically hidden proposals and comments."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tessera.accounts.models import User
from tessera.comments.forms import ModerationSettingsForm, ReviewForm
from tessera.comments.models import Comment, ModerationSettings
from tessera.comments.moderation import comment_review, proposal_review
from tessera.comments.selectors import moderation_queue, reports_threshold_for
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


@moderators_only
def queue(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    content = moderation_queue()
    return render(
        request,
        "comments/moderation/queue.html",
        {
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
