"""Staff entry of the paper vote: each polling station's register signatures and its count
of each answer, reconciled; census codes of the people who voted on paper."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tessera.processes.models import Step
from tessera.votations.models import Answer, QuestionKind
from tessera.votations.selectors import answers_of, stations_of
from tessera.votations.services import VoteRefused, paper_voter_record, station_save
from tessera.votations.views.common import refusal_message, settings_or_404, votation_step_for


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


@login_required
@require_http_methods(["GET", "POST"])
def stations(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    step = _staff_step(request, slug, step_id)
    settings = settings_or_404(step)
    answers = answers_of(settings)
    station_form = StationForm(answers=answers)
    voter_form = PaperVoterForm()
    status = 200
    if request.method == "POST" and "census_code" in request.POST:
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
            "paper_allowed": settings.kind == QuestionKind.CHOICE,
            "section": "processes",
        },
        status=status,
    )
