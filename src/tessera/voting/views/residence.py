"""The staff's residence check in the back office (/manage/votes/<step>/residence/): find a
resident, see whether they voted in this step and where they were checked to live, and record
the district a proof of address shows. Votes whose residence is checked by staff ask it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.voting.forms import ResidenceCheckForm, ResidenceSearchForm
from tessera.voting.models import Participation, ResidenceCheck
from tessera.voting.selectors import vote_settings_for
from tessera.voting.services.residence import residence_check_record

SHOWN = 20  # residents listed for one search
MIN_QUERY = 3


@dataclass(frozen=True)
class ResidentRow:
    resident: User
    voted_in: list[str]  # the scopes of their ballots in this step ("" for the process)
    check: ResidenceCheck | None
    form: ResidenceCheckForm


def _step(request: HttpRequest, step_id: int) -> Step:
    step = Step.objects.select_related("process").filter(pk=step_id).first()
    if step is None or step.kind != "vote":
        raise Http404
    if not request.user.has_perm("voting.check_residence", step):
        raise PermissionDenied
    return step


@login_required
def residence(request: HttpRequest, step_id: int) -> HttpResponse:
    step = _step(request, step_id)
    districts = District.objects.order_by("position", "name")
    if request.method == "POST":
        return _record(request, step, districts)
    search = ResidenceSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    rows = _rows(step, query, districts) if len(query) >= MIN_QUERY else []
    context: dict[str, Any] = {
        "step": step,
        "process": step.process,
        "settings": vote_settings_for(step),
        "search": search,
        "query": query,
        "rows": rows,
        "searched": len(query) >= MIN_QUERY,
        "shown": SHOWN,
    }
    return render(request, "voting/residence.html", context)


def _rows(step: Step, query: str, districts: Any) -> list[ResidentRow]:
    """Three queries whatever the number found: the residents with their check, their
    participations in this step, and the districts to choose from."""
    residents = list(
        User.objects.filter(Q(email__icontains=query) | Q(display_name__icontains=query))
        .filter(is_active=True, deleted_at__isnull=True)
        .select_related("residence_check__district")
        .order_by("display_name", "pk")[:SHOWN]
    )
    choices = [(district.pk, district.name) for district in districts]
    voted: dict[int, list[str]] = {}
    participations = Participation.objects.filter(step=step, voter__in=residents).values_list(
        "voter_id", "district__name"
    )
    for voter_id, district_name in participations:
        voted.setdefault(voter_id, []).append(district_name or _("the whole process"))
    return [
        ResidentRow(
            resident,
            voted.get(resident.pk, []),
            getattr(resident, "residence_check", None),
            ResidenceCheckForm(
                initial={"resident": resident.pk, "district": _checked_district(resident)},
                districts=districts,
                choices=choices,
                auto_id=f"residence-{resident.pk}-%s",
            ),
        )
        for resident in residents
    ]


def _checked_district(resident: User) -> int | None:
    check = getattr(resident, "residence_check", None)
    return check.district_id if check is not None else resident.district_id


def _record(request: HttpRequest, step: Step, districts: Any) -> HttpResponse:
    form = ResidenceCheckForm(request.POST, districts=districts)
    query = request.POST.get("q", "")
    back = reverse("voting_manage:residence", args=[step.pk]) + "?" + urlencode({"q": query})
    resident = None
    if form.is_valid():
        resident = User.objects.filter(pk=form.cleaned_data["resident"], is_active=True).first()
    if resident is None:
        messages.error(request, _("This resident is not found: search again."))
        return redirect(back)
    residence_check_record(
        step=step,
        resident=resident,
        district=form.cleaned_data["district"],
        checked_by=request.user,  # type: ignore[arg-type]
    )
    messages.success(
        request,
        _("%(name)s lives in %(district)s: recorded.")
        % {"name": resident.display_name, "district": form.cleaned_data["district"].name},
    )
    return redirect(back)
