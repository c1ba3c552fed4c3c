"""The votation's staff page: each polling station's register signatures and its count of
each answer, reconciled; census codes of the people who voted on paper; one-time voting codes
and census codes handed out (the vote's forms and services, voting.services.codes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tessera.core import exports
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.votations.models import Answer, QuestionKind
from tessera.votations.selectors import answers_of, stations_of
from tessera.votations.services import VoteRefused, paper_voter_record, station_save
from tessera.votations.views.common import refusal_message, settings_or_404, votation_step_for
from tessera.voting.forms import CensusCodesForm, CodesGenerateForm
from tessera.voting.services.codes import census_codes_import, voting_codes_generate


class StationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Polling station"), max_length=120)
    signatures = forms.IntegerField(label=gettext_lazy("Signatures in the register"), min_value=0)

    def __init__(self, *args: Any, answers: list[Answer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for answer in answers:
            self.fields[f"answer_{answer.pk}"] = forms.IntegerField(
                label=_("Votes for “%(answer)s”") % {"answer": answer.label}, min_value=0
            )
        self.answers = answers

    def totals(self) -> dict[int, int]:
        return {a.pk: self.cleaned_data[f"answer_{a.pk}"] for a in self.answers}


class PaperVoterForm(forms.Form):
    census_code = forms.CharField(label=gettext_lazy("Census code of a paper voter"))


def _staff_step(request: HttpRequest, slug: str, step_id: int) -> Step:
    step = votation_step_for(request, slug, step_id)
    if not request.user.has_perm("votations.count_paper", step):
        raise PermissionDenied
    return step


def _census_form(step: Step, *args: Any) -> CensusCodesForm:
    form = CensusCodesForm(
        *args, districts=District.objects.filter(organization_id=step.organization_id)
    )
    # The vote's page describes the file field with its own help; here the generic include does.
    form.fields["file"].widget.attrs["aria-describedby"] = "id_file_helptext"
    return form


@login_required
@require_POST
def codes_generate(request: HttpRequest, slug: str, step_id: int) -> HttpResponseBase:
    """New one-time voting codes, given once, as a CSV file."""
    step = _staff_step(request, slug, step_id)
    form = CodesGenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a number of codes between 1 and 100,000."))
        return redirect("votations:stations", slug=slug, step_id=step.pk)
    pairs = voting_codes_generate(
        step=step,
        count=form.cleaned_data["count"],
        generated_by=request.user,  # type: ignore[arg-type]
    )
    codes = exports.csv_response(f"codes-{step.pk}.csv", [[_("number"), _("code")], *pairs])
    codes["Cache-Control"] = "no-store"
    return codes


@login_required
@require_http_methods(["GET", "POST"])
def stations(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    step = _staff_step(request, slug, step_id)
    settings = settings_or_404(step)
    answers = answers_of(settings)
    station_form = StationForm(answers=answers)
    voter_form = PaperVoterForm()
    census_form = _census_form(step)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "census":
        census_form = _census_form(step, request.POST, request.FILES)
        if census_form.is_valid():
            added = census_codes_import(
                step=step,
                codes=census_form.cleaned_data["all_codes"],
                imported_by=request.user,  # type: ignore[arg-type]
                source=census_form.cleaned_data["source"],
                district=census_form.cleaned_data["district"],
            )
            messages.success(request, _("%(count)d new codes.") % {"count": added})
            return redirect(request.path)
        status = 400
    elif request.method == "POST" and "census_code" in request.POST:
        voter_form = PaperVoterForm(request.POST)
        if voter_form.is_valid():
            try:
                paper_voter_record(
                    settings=settings, census_code=voter_form.cleaned_data["census_code"]
                )
            except VoteRefused as refused:
                voter_form.add_error("census_code", refusal_message(refused))
            else:
                messages.success(request, _("This code's holder voted on paper."))
                return redirect(request.path)
        status = 400
    elif request.method == "POST":
        station_form = StationForm(request.POST, answers=answers)
        if station_form.is_valid() and settings.kind == QuestionKind.CHOICE:
            station_save(
                step=step,
                name=station_form.cleaned_data["name"],
                signatures=station_form.cleaned_data["signatures"],
                totals=station_form.totals(),
            )
            messages.success(request, _("The polling station's count is saved."))
            return redirect(request.path)
        status = 400
    return render(
        request,
        "votations/stations.html",
        {
            "step": step,
            "process": step.process,
            "settings": settings,
            "answers": answers,
            "stations": stations_of(step),
            "station_form": station_form,
            "voter_form": voter_form,
            "census_form": census_form,
            "codes_form": CodesGenerateForm(initial={"output": "csv"}),
            "paper_allowed": settings.kind == QuestionKind.CHOICE,
            "section": "processes",
        },
        status=status,
    )
