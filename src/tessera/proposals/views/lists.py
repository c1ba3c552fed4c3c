from __future__ import annotations

import secrets

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tessera.processes.models import Step
from tessera.proposals.forms import ProposalFilterForm
from tessera.proposals.models import ProposalImage
from tessera.proposals.selectors import (
    collect_settings_for,
    proposals_of_step,
    proposals_search,
    proposals_sorted,
    supported_ids,
)
from tessera.proposals.views.common import collect_step_for

PROPOSALS_PER_PAGE = 24
SEED_SESSION_KEY = "proposals_seed"
SEED_COOKIE = "proposals_seed"
SEED_SALT = "tessera.proposals.seed"
SEED_MAX_AGE = 60 * 60 * 24 * 30


def visitor_seed(request: HttpRequest) -> int:
    """A random seed per visitor: the random order stays the same for them while they page
    through the list, and differs between visitors (fairness).

    A signed first-party cookie for anonymous visitors (a first visit writes no session row:
    `remember_seed` sets it on the response); the session of a logged-in visitor otherwise.
    """
    if request.user.is_authenticated:
        seed = request.session.get(SEED_SESSION_KEY)
        if not isinstance(seed, int):
            seed = _new_seed()
            request.session[SEED_SESSION_KEY] = seed
        return seed
    cookie = request.get_signed_cookie(SEED_COOKIE, default="", salt=SEED_SALT) or ""
    if cookie.isdigit():
        return int(cookie)
    seed = getattr(request, "_new_proposals_seed", None) or _new_seed()
    request._new_proposals_seed = seed  # type: ignore[attr-defined]
    return int(seed)


def remember_seed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Keep a seed drawn for an anonymous visitor in their signed cookie."""
    seed = getattr(request, "_new_proposals_seed", None)
    if seed is not None:
        response.set_signed_cookie(
            SEED_COOKIE,
            str(seed),
            salt=SEED_SALT,
            max_age=SEED_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _new_seed() -> int:
    return secrets.randbelow(2**31 - 2) + 1


def step_proposals(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    return proposal_list(request, collect_step_for(request, slug, step_id))


def proposal_list(request: HttpRequest, step: Step) -> HttpResponse:
    """The collect step's page: its proposals, searched, filtered, sorted and paginated."""
    form = ProposalFilterForm(request.GET or None)
    proposals = proposals_of_step(step)
    sort = "random"
    if form.is_valid():
        data = form.cleaned_data
        proposals = proposals_search(proposals, data["q"])
        if data["theme"]:
            proposals = proposals.filter(theme=data["theme"])
        if data["district"]:
            proposals = proposals.filter(district=data["district"])
        if data["status"]:
            proposals = proposals.filter(status=data["status"])
        sort = data["sort"] or "random"
    proposals = proposals_sorted(proposals, sort, visitor_seed(request)).prefetch_related(
        Prefetch("images", queryset=ProposalImage.objects.order_by("position", "pk"))
    )
    page = Paginator(proposals, PROPOSALS_PER_PAGE).get_page(request.GET.get("page"))
    response = render(
        request,
        "proposals/list.html",
        {
            "step": step,
            "process": step.process,
            "phase": step.phase(),
            "form": form,
            "page": page,
            "sort": sort,
            "supported": supported_ids(request.user, page.object_list),
            "collect_settings": collect_settings_for(step),
            "can_submit": request.user.has_perm("proposals.submit", step),
        },
        status=400 if form.errors else 200,
    )
    return remember_seed(request, response)
