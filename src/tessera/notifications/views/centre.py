"""The notification centre, the e-mail preferences and the follow buttons' endpoint."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessera.accounts.models import User
from tessera.followup.models import Realisation
from tessera.notifications import families, selectors, services
from tessera.notifications.forms import PreferencesForm
from tessera.notifications.ratelimit import follow_allowed
from tessera.processes.models import Process
from tessera.proposals.models import Proposal

PER_PAGE = 20


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def centre(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.notifications_of(user), PER_PAGE).get_page(request.GET.get("page"))
    items = [
        (notification, families.headline(notification.event.kind, notification.event.payload))
        for notification in page.object_list
    ]
    return render(
        request,
        "notifications/centre.html",
        {"page": page, "items": items},
    )


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """One notification (`notification` in the form) or all of them."""
    user = _user(request)
    raw = request.POST.get("notification", "")
    ids = [int(raw)] if raw.isdigit() else None
    if raw and ids is None:
        raise Http404
    services.notifications_mark_read(user=user, notification_ids=ids)
    page = request.POST.get("page", "")
    location = reverse("notifications:centre")
    return redirect(f"{location}?page={page}" if page.isdigit() else location)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PreferencesForm(request.POST or None, choices=selectors.preferences_of(user))
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=user, choices=form.cleaned_data)
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


FOLLOWABLE: dict[str, type[Model]] = {
    "process": Process,
    "proposal": Proposal,
    "realisation": Realisation,
}


@login_required
@require_POST
def follow(request: HttpRequest, target: str, pk: int) -> HttpResponse:
    user = _user(request)
    model = FOLLOWABLE.get(target)
    if model is None:
        raise Http404
    queryset = model.objects.all()  # type: ignore[attr-defined]
    if model is Proposal:
        queryset = queryset.select_related("step__process")
    elif model is Realisation:
        queryset = queryset.select_related("process")
    obj = get_object_or_404(queryset, pk=pk)
    if not user.has_perm("notifications.follow", obj):
        raise PermissionDenied
    if not follow_allowed(user.pk):
        return render(request, "notifications/too_many.html", status=429)
    following = request.POST.get("following") == "1"
    services.follow_set(user=user, following=following, **{target: obj})
    if following:
        messages.success(request, _("You follow it now: you will be told of its news."))
    else:
        messages.success(request, _("You no longer follow it."))
    return redirect(obj.get_absolute_url())
