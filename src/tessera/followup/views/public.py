"""The public pages: a follow-up step, every realisation with filters, one realisation."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from tessera.followup import hooks
from tessera.followup.forms import RealisationFilterForm
from tessera.followup.models import Realisation
from tessera.followup.selectors import (
    edition_years,
    for_cards,
    news_of,
    realisations_listed_for,
    status_counts,
    votes_for,
)
from tessera.followup.statuses import IN_PROGRESS, RealisationStatus
from tessera.followup.step_settings import budgets_public, followup_settings_for
from tessera.processes.models import Step
from tessera.processes.selectors import processes_listed_for

PER_PAGE = 24


def followup_step(request: HttpRequest, step: Step) -> HttpResponse:
    """The step page (processes checked the process is visible): its process's realisations."""
    realisations = Realisation.objects.filter(process_id=step.process_id)
    statuses = followup_settings_for(step).statuses
    if statuses:  # the staff chose which statuses this page lists
        realisations = realisations.filter(status__in=statuses)
    page = Paginator(for_cards(realisations), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "followup/step.html",
        {
            "process": step.process,
            "step": step,
            "phase": step.phase(),
            "page": page,
            "counts": status_counts(realisations),
        },
    )


def _filtered(
    realisations: QuerySet[Realisation], form: RealisationFilterForm
) -> QuerySet[Realisation]:
    """Every filter but the status: the counts describe this set, the status narrows the list."""
    data = form.cleaned_data
    if data["year"]:
        realisations = realisations.filter(process__starts_at__year=data["year"])
    if data["process"]:
        realisations = realisations.filter(process=data["process"])
    if data["district"]:
        realisations = realisations.filter(district=data["district"])
    if data["theme"]:
        realisations = realisations.filter(theme=data["theme"])
    return realisations


def _with_status(realisations: QuerySet[Realisation], status: str) -> QuerySet[Realisation]:
    return realisations.filter(status=status) if status else realisations


@require_GET
def realisation_list(request: HttpRequest) -> HttpResponse:
    """Every realisation of every listed process and year, with filters and counts."""
    listed = realisations_listed_for(request.user)
    processes = (
        processes_listed_for(request.user)
        .filter(pk__in=listed.values("process_id"))
        .order_by("-starts_at", "title")
    )
    form = RealisationFilterForm(
        request.GET or None, processes=processes, years=edition_years(listed)
    )
    realisations = listed
    if form.is_valid():
        realisations = _filtered(listed, form)
        shown = _with_status(realisations, form.cleaned_data["status"])
    else:
        shown = listed.none() if form.errors else listed
    ordered = for_cards(shown).order_by("-process__starts_at", "title", "pk")
    page = Paginator(ordered, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "followup/list.html",
        {"form": form, "page": page, "counts": status_counts(realisations)},
        status=400 if form.errors else 200,
    )


def _realisation_for(request: HttpRequest, pk: int) -> Realisation:
    realisation = get_object_or_404(
        Realisation.objects.select_related(
            "process", "step", "service", "district", "theme", "proposal__author", "proposal__step"
        ),
        pk=pk,
    )
    if request.user.has_perm("followup.view_realisation_page", realisation):
        return realisation
    if not realisation.process.is_published:
        raise Http404
    raise PermissionDenied


@require_GET
def realisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A realisation, as its process's page shows it: a draft is 404, a restricted one asks to
    log in (and is 403 to someone logged in who may not see it)."""
    try:
        realisation = _realisation_for(request, pk)
    except PermissionDenied:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    proposal = realisation.proposal
    proposal.step.process = realisation.process
    votes = votes_for(realisation)
    results_url = (
        reverse(
            "voting:results",
            kwargs={"slug": realisation.process.slug, "step_id": votes.step_id},
        )
        if votes
        else ""
    )
    return render(
        request,
        "followup/detail.html",
        {
            "realisation": realisation,
            "process": realisation.process,
            "proposal": proposal,
            "news": list(news_of(realisation)),
            "votes": votes,
            "results_url": results_url,
            "budgets_public": budgets_public(realisation.process),
            "in_progress": realisation.status in IN_PROGRESS,
            "statuses": RealisationStatus,
            "sections": hooks.detail_sections(request, realisation),
            "can_edit": request.user.has_perm("followup.change_realisation", realisation),
        },
    )
