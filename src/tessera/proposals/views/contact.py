from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tessera.core.csp import proof_of_work_csp
from tessera.core.http import rate_key_ip
from tessera.proposals.forms import ContactForm
from tessera.proposals.services import author_contact as contact_service
from tessera.proposals.views.common import collect_step_for, proposal_for

# Messages one visitor (by IP address) may send per hour, across all authors of a site.
CONTACT_RATE = 5
CONTACT_WINDOW_SECONDS = 3600


def contact_allowed(request: HttpRequest) -> bool:
    """A fixed-window rate limit in the shared cache (Redis in production), per organisation
    and IP address: counted on every attempt, so that a robot solving the proof of work
    still cannot flood authors."""
    organization_id = getattr(request, "organization", None) and request.organization.pk  # type: ignore[attr-defined]
    key = f"proposals:contact:{organization_id}:{rate_key_ip(request)}"
    cache.add(key, 0, CONTACT_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, CONTACT_WINDOW_SECONDS)
        count = 1
    return count <= CONTACT_RATE


@require_http_methods(["GET", "POST"])
@proof_of_work_csp
def author_contact(request: HttpRequest, slug: str, step_id: int, pk: int) -> HttpResponse:
    """Write to the author: the message is e-mailed, the author's address is never shown."""
    step = collect_step_for(request, slug, step_id)
    proposal = proposal_for(request, step, pk)
    if not request.user.has_perm("proposals.contact_author", proposal):
        raise PermissionDenied
    initial = {}
    if request.user.is_authenticated:
        user: Any = request.user
        initial = {"sender_name": user.display_name, "sender_email": user.email}
    form = ContactForm(request.POST or None, initial=initial, request=request)
    if request.method == "POST":
        if not contact_allowed(request):
            return render(
                request,
                "proposals/contact_limited.html",
                {"step": step, "process": step.process, "proposal": proposal},
                status=429,
            )
        if form.is_valid():
            data = form.cleaned_data
            contact_service(
                proposal=proposal,
                sender_name=data["sender_name"],
                sender_email=data["sender_email"],
                message=data["message"],
                phone=data["phone"],
            )
            messages.success(
                request, _("Your message is sent. The author will answer you by e-mail.")
            )
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "proposals/contact.html",
        {"step": step, "process": step.process, "proposal": proposal, "form": form},
        status=400 if form.errors else 200,
    )
