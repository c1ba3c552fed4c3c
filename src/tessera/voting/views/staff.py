"""Staff pages of a vote step: publish results, paper ballots and totals, codes, the audit."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tessera.branding.selectors import site_settings_for
from tessera.core import exports
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.voting import ballot_rules as vote_rules
from tessera.voting import labels, tally
from tessera.voting.codes_pdf import codes_pdf
from tessera.voting.figures import ScopeFigures
from tessera.voting.forms import (
    CensusCodesForm,
    CodesGenerateForm,
    PaperBallotForm,
    PublishForm,
    ResetForm,
)
from tessera.voting.models import AuditEntry, PaperTotal, PollingStation, PublicationState
from tessera.voting.publication import (
    ACTIVE,
    publication_of,
    publication_progress,
    publication_request,
)
from tessera.voting.selectors import (
    ballot_districts,
    ballot_proposals,
    results_for_step,
    turnout,
    vote_settings_for,
)
from tessera.voting.services import (
    BallotRefused,
    census_codes_import,
    paper_ballot_record,
    paper_totals_save,
    polling_station_open,
    voting_codes_generate,
)
from tessera.voting.services.results import results_preview
from tessera.voting.services.settings import vote_reset
from tessera.voting.settings_rules import rule_problem
from tessera.voting.views.ballot_form import choices_from_post
from tessera.voting.views.common import ballot_lines, scope_district, vote_step_for, vote_url

logger = logging.getLogger(__name__)

AUDIT_SHOWN = 30  # the latest staff actions on the manage page; the admin lists them all


def _managed_step(request: HttpRequest, slug: str, step_id: int) -> Step:
    step = vote_step_for(request, slug, step_id)
    if not request.user.has_perm("voting.manage_codes", step):
        raise PermissionDenied
    return step


def _districts(step: Step) -> Any:
    return District.objects.filter(pk__in=[d.pk for d in ballot_districts(step)])


def manage(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    return _manage_page(request, _managed_step(request, slug, step_id))


def _manage_page(
    request: HttpRequest,
    step: Step,
    *,
    census_form: CensusCodesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "voting/manage.html",
        {
            "step": step,
            "process": step.process,
            "settings": vote_settings_for(step),
            "turnout": turnout(step),
            "results": results_for_step(step),
            "stations": PollingStation.objects.filter(step=step).select_related("district"),
            "districts": ballot_districts(step),
            "can_publish": request.user.has_perm("voting.publish_results", step),
            "can_record_paper": request.user.has_perm("voting.record_paper", step),
            "can_reset": request.user.has_perm("voting.reset_vote", step),
            "publication": publication_of(step),
            "codes_form": CodesGenerateForm(),
            "census_form": census_form or CensusCodesForm(districts=_districts(step)),
            "audit": AuditEntry.objects.filter(step=step).select_related("actor")[:AUDIT_SHOWN],
        },
        status=status,
    )


def publish(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """The preview of the outcome (winners, figures, the rule in words), then, confirmed, the
    publication queued in the background. Settings the count cannot work with come back to
    the manage page with a message (and nothing published), never as a server error."""
    step = _managed_step(request, slug, step_id)
    publication = publication_of(step)
    if publication is not None and publication.state in ACTIVE:
        return redirect(vote_url(step, name="publication"))
    if not request.user.has_perm("voting.publish_results", step):
        raise PermissionDenied
    settings = vote_settings_for(step)
    problem = rule_problem(settings.tally_rule, settings.kind)
    if problem:
        messages.error(request, problem)
        messages.error(request, _("Change the counting rule in the vote settings, then publish."))
        return redirect(vote_url(step, name="manage"))
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        publication_request(step=step, requested_by=request.user)  # type: ignore[arg-type]
        return redirect(vote_url(step, name="publication"))
    try:
        preview = _with_money(results_preview(step))
    except ValueError as error:  # the tally refused its instance (NotRankedError, …)
        messages.error(
            request,
            _("The votes could not be counted with these settings (%(reason)s).")
            % {"reason": error},
        )
        messages.error(request, _("Check the vote settings, then publish."))
        return redirect(vote_url(step, name="manage"))
    return render(
        request,
        "voting/publish.html",
        {
            "step": step,
            "process": step.process,
            "form": form,
            "scopes": preview,
            "turnout": turnout(step),
            "rule": labels.rule_label(settings.tally_rule),
            "rule_description": labels.rule_description(settings.tally_rule),
            "tie_break": labels.tie_break(tally.TIE_BREAK_DESCRIPTION[settings.tally_rule]),
            "publication": publication,
        },
        status=400 if form.errors else 200,
    )


def _with_money(scopes: list[ScopeFigures]) -> list[dict[str, Any]]:
    """The preview's figures with their amounts written in the visitor's language."""
    return [
        {
            **scope,
            "budget_text": vote_rules.format_money(scope["budget"]),
            "total_text": vote_rules.format_money(scope["total_cost"]),
            "proposals": [
                {**row, "cost_text": vote_rules.format_money(row["cost"])}
                for row in scope["proposals"]
            ],
        }
        for scope in scopes
    ]


def publication(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """How the publication goes: waiting, counting (the scopes counted so far), published, or
    failed with the reason (and the way to try again)."""
    step = _managed_step(request, slug, step_id)
    current = publication_of(step)
    if current is None:
        return redirect(vote_url(step, name="publish"))
    return render(
        request,
        "voting/publication.html",
        {
            "step": step,
            "process": step.process,
            "publication": current,
            "lines": publication_progress(step),
            "running": current.state in (PublicationState.QUEUED, PublicationState.RUNNING),
        },
    )


def reset(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """Reset the vote so its frozen settings can change: a page that says what will happen,
    confirmed by typing the step's title."""
    step = _managed_step(request, slug, step_id)
    if not request.user.has_perm("voting.reset_vote", step):
        raise PermissionDenied
    form = ResetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = vote_reset(
                step=step,
                reset_by=request.user,  # type: ignore[arg-type]
                confirmation=form.cleaned_data["confirmation"],
            )
        except ValidationError as error:
            form.add_error("confirmation", error)
        else:
            messages.success(
                request,
                _("The vote is reset: %(count)d ballot(s) deleted, the voters are told by e-mail.")
                % {"count": count},
            )
            return redirect(vote_url(step, name="manage"))
    return render(
        request,
        "voting/reset.html",
        {"step": step, "process": step.process, "form": form, "turnout": turnout(step)},
        status=400 if form.errors else 200,
    )


def paper_ballot(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """Enter one paper ballot: the same rules as online, marked as paper."""
    step = _managed_step(request, slug, step_id)
    if not request.user.has_perm("voting.record_paper", step):
        raise PermissionDenied
    district = scope_district(request, step)
    settings = vote_settings_for(step)
    form = PaperBallotForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            paper_ballot_record(
                recorded_by=request.user,  # type: ignore[arg-type]
                step=step,
                choices=choices_from_post(request.POST, settings.kind),
                district=district,
                census_code=form.cleaned_data["census_code"],
            )
        except BallotRefused as refusal:
            errors = list(refusal.messages)
        else:
            messages.success(request, _("The paper ballot is recorded."))
            return redirect(vote_url(step, district, "paper"))
    proposals = list(ballot_proposals(step, district).order_by("title"))
    ballot_lines(proposals, request.POST if errors else None, settings.kind)
    return render(
        request,
        "voting/paper.html",
        {
            "step": step,
            "process": step.process,
            "settings": settings,
            "district": district,
            "districts": ballot_districts(step),
            "proposals": proposals,
            "form": form,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def station(
    request: HttpRequest, slug: str, step_id: int, station_id: int | None = None
) -> HttpResponse:
    """A polling station's totals: its number of ballots and the votes of each proposal."""
    step = _managed_step(request, slug, step_id)
    if not request.user.has_perm("voting.record_paper", step):
        raise PermissionDenied
    if vote_settings_for(step).kind == vote_rules.RANKED:
        messages.error(request, _("Ranked ballots are entered one by one."))
        return redirect(vote_url(step, name="manage"))
    station_obj = (
        get_object_or_404(PollingStation, step=step, pk=station_id) if station_id else None
    )
    district = station_obj.district if station_obj else scope_district(request, step)
    proposals = list(ballot_proposals(step, district).order_by("title"))
    current = (
        dict(PaperTotal.objects.filter(station=station_obj).values_list("proposal_id", "votes"))
        if station_obj
        else {}
    )
    errors: list[str] = []
    if request.method == "POST":
        try:
            ballots_count = _count(request.POST.get("ballots_count", "0"))
            votes = {p.pk: _count(request.POST.get(f"votes-{p.pk}", "0")) for p in proposals}
            if station_obj is None:
                polling_station_open(
                    step=step,
                    name=request.POST.get("name", ""),
                    district=district,
                    ballots_count=ballots_count,
                    votes=votes,
                    saved_by=request.user,  # type: ignore[arg-type]
                )
            else:
                paper_totals_save(
                    station=station_obj,
                    ballots_count=ballots_count,
                    votes=votes,
                    saved_by=request.user,  # type: ignore[arg-type]
                )
        except BallotRefused as refusal:
            errors = list(refusal.messages)
        else:
            messages.success(request, _("The totals are saved."))
            return redirect(vote_url(step, name="manage"))
    for proposal in proposals:
        shown = request.POST.get(f"votes-{proposal.pk}") if errors else None
        proposal.paper_votes = (  # type: ignore[attr-defined]
            shown.strip()[:12] if shown is not None else current.get(proposal.pk, 0)
        )
    return render(
        request,
        "voting/station.html",
        {
            "step": step,
            "process": step.process,
            "station": station_obj,
            "district": district,
            "districts": ballot_districts(step),
            "proposals": proposals,
            "errors": errors,
            "typed_name": request.POST.get("name", "")[:120] if errors else "",
            "ballots_count": (
                request.POST.get("ballots_count", "")[:12]
                if errors
                else (station_obj.ballots_count if station_obj else 0)
            ),
        },
        status=400 if errors else 200,
    )


def _count(value: str) -> int:
    try:
        return int(value.strip() or 0)
    except ValueError:
        raise BallotRefused(_("Counts are whole numbers."), code="unreadable") from None


@require_POST
def codes_generate(request: HttpRequest, slug: str, step_id: int) -> HttpResponseBase:
    """New one-time voting codes, given once: as a CSV file or a PDF of cut-out cards."""
    step = _managed_step(request, slug, step_id)
    form = CodesGenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a number of codes between 1 and 100,000."))
        return redirect(vote_url(step, name="manage"))
    pairs = voting_codes_generate(
        step=step,
        count=form.cleaned_data["count"],
        generated_by=request.user,  # type: ignore[arg-type]
    )
    if form.cleaned_data["output"] == "csv":
        codes = exports.csv_response(f"codes-{step.pk}.csv", [[_("number"), _("code")], *pairs])
        codes["Cache-Control"] = "no-store"
        return codes
    pdf = codes_pdf(
        site_name=site_settings_for(request.organization).site_name,  # type: ignore[attr-defined]
        process=step.process.title,
        step=step.title,
        url=request.build_absolute_uri(vote_url(step, name="code")),
        pairs=pairs,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="codes-{step.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def census_import(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """Add census codes, typed or from a file; a bad file comes back with its reason."""
    step = _managed_step(request, slug, step_id)
    form = CensusCodesForm(request.POST, request.FILES, districts=_districts(step))
    if not form.is_valid():
        return _manage_page(request, step, census_form=form, status=400)
    added = census_codes_import(
        step=step,
        codes=form.cleaned_data["all_codes"],
        imported_by=request.user,  # type: ignore[arg-type]
        source=form.cleaned_data["source"],
        district=form.cleaned_data["district"],
    )
    messages.success(request, _("%(count)d new codes.") % {"count": added})
    return redirect(vote_url(step, name="manage"))
