"""The unsubscribe link of every e-mail (RFC 8058), usable without logging in.

The signed token authenticates the recipient, so the POST needs neither a session nor a CSRF
token: a mail client's one-click POST (`List-Unsubscribe=One-Click`) unsubscribes at once. A
GET only shows the page with its button: link scanners that follow every URL of a message
must not unsubscribe anyone.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from tessera.accounts.models import User
from tessera.notifications import services, tokens
from tessera.notifications.families import Family

ONE_CLICK = "One-Click"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    data = tokens.unsubscribe_read(token)
    # The scoped manager looks only in this site's organisation.
    user = User.objects.filter(pk=data.user_id).first() if data else None
    if data is None or user is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    family = Family(data.family).label if data.family in Family.values else None
    with translation.override(user.language or None):
        if request.method == "POST":
            if request.POST.get("List-Unsubscribe") != ONE_CLICK:
                return render(
                    request, "notifications/unsubscribe.html", {"family": family}, status=400
                )
            services.unsubscribe(user=user, family=data.family)
            return render(request, "notifications/unsubscribed.html", {"family": family})
        return render(request, "notifications/unsubscribe.html", {"family": family})
