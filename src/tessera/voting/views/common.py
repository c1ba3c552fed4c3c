"""What every vote view starts with: the vote step of a visible process, and the ballot scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse

from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.voting import ballot_rules as vote_rules
from tessera.voting.models import Scope
from tessera.voting.ratelimit import allow
from tessera.voting.selectors import ballot_districts, vote_settings_for
from tessera.voting.stepcache import step_for


def vote_step_for(request: HttpRequest, slug: str, step_id: int) -> Step:
    """The vote step of a process this user may see: a draft is 404, a restricted one 403.

    The step and its process come from the step's cached snapshot (voting.stepcache)."""
    organization = request.organization  # type: ignore[attr-defined]
    step = step_for(organization.pk, step_id)
    if step is None or step.process.slug != slug:
        raise Http404
    process = step.process
    if not request.user.has_perm("processes.view_process", process):
        if not process.is_published:
            raise Http404
        raise PermissionDenied
    if step.kind != vote_rules.VOTE:
        raise Http404
    step.organization = process.organization = organization
    return step


def scope_district(request: HttpRequest, step: Step) -> District | None:
    """The ballot the page is about: `?scope=<district slug>`; for a district-only vote,
    the voter's own district by default."""
    settings = vote_settings_for(step)
    if settings.scope == Scope.PROCESS:
        return None
    slug = request.POST.get("scope") or request.GET.get("scope") or ""
    districts = ballot_districts(step)
    for district in districts:
        if district.slug == slug:
            return district
    if settings.scope == Scope.DISTRICT:
        home = getattr(request.user, "district_id", None)
        return next((district for district in districts if district.pk == home), None)
    return None


@dataclass(frozen=True)
class VoterPost:
    step: Step
    district: District | None


def voter_post(
    request: HttpRequest, slug: str, step_id: int, limit: str
) -> VoterPost | HttpResponse:
    """What every voter's POST (the basket's buttons, the submission) checks first, in this
    order: its rate limit `limit` (a 429 page, returned), the step (404), the ballot's
    district, and the permission to vote (403)."""
    if not allow(request, limit):
        return render(request, "429.html", status=429)
    step = vote_step_for(request, slug, step_id)
    district = scope_district(request, step)
    if not request.user.has_perm("voting.vote", step):
        raise PermissionDenied
    return VoterPost(step, district)


def vote_url(step: Step, district: District | None = None, name: str = "vote") -> str:
    url = reverse(f"voting:{name}", kwargs={"slug": step.process.slug, "step_id": step.pk})
    return f"{url}?scope={district.slug}" if district is not None else url


def ballot_lines(proposals: Iterable[Proposal], post: QueryDict | None, kind: str) -> None:
    """Ready the proposals for a whole-ballot form (paper entry, voting codes): each gets its
    cost as French money (`cost_text`) and what was sent for it when the form comes back
    with errors (`ticked`, or the rank or points `typed`), so nothing typed is lost."""
    ticked = set(post.getlist("choice")) if post is not None else set()
    prefix = "rank-" if kind == vote_rules.RANKED else "points-"
    for proposal in proposals:
        proposal.cost_text = vote_rules.format_money(proposal.estimated_cost or 0)  # type: ignore[attr-defined]
        proposal.ticked = str(proposal.pk) in ticked  # type: ignore[attr-defined]
        typed = post.get(f"{prefix}{proposal.pk}", "") if post is not None else ""
        proposal.typed = typed.strip()[:12]  # type: ignore[attr-defined]
