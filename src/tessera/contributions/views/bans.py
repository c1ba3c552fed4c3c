"""Bans, in the moderation back office (/manage/moderation/bans/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tessera.accounts.models import User
from tessera.contributions.forms import BanForm
from tessera.contributions.models import Ban
from tessera.contributions.selectors import bans_active
from tessera.contributions.services import ban_create, ban_lift
from tessera.contributions.views.access import staff_user


@require_http_methods(["GET", "POST"])
def bans(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    moderator = staff_user(request, "contributions.ban")
    target = None
    if request.GET.get("user", "").isdigit():
        target = get_object_or_404(User, pk=int(request.GET["user"]))
    form = BanForm(request.POST or None)
    if request.method == "POST" and target is not None and form.is_valid():
        try:
            ban_create(
                user=target,
                moderator=moderator,
                reason=form.cleaned_data["reason"],
                ends_at=form.cleaned_data["ends_at"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The participant is banned."))
            return redirect("contributions:bans")
    return render(
        request,
        "contributions/bans.html",
        {"bans": bans_active(), "target": target, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    staff_user(request, "contributions.ban")
    ban_lift(ban=get_object_or_404(Ban, pk=pk))
    messages.success(request, _("The ban is lifted."))
    return redirect("contributions:bans")
