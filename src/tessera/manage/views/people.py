"""The people page (/manage/people/): administrators find someone, see what they did, and
change their role and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tessera.accounts.models import User
from tessera.accounts.requests import require, user_of
from tessera.contributions.selectors import active_ban
from tessera.manage.people import (
    PeopleFilterForm,
    PersonForm,
    contributions_of,
    people_filtered,
    person_update,
)

PER_PAGE = 50


@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    require(request, "manage.view_people")
    form = PeopleFilterForm(request.GET or None)
    page = Paginator(people_filtered(form), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "manage/people.html", {"form": form, "page": page, "section": "people"})


def _person_page(
    request: HttpRequest, person: User, form: PersonForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "manage/person.html",
        {
            "person": person,
            "form": form,
            "contributions": contributions_of(person),
            # Banned or not is shown here; banning and lifting stay the moderation's own views.
            "ban": active_ban(person),
            "section": "people",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "manage.view_people")
    someone = get_object_or_404(User, pk=pk, deleted_at__isnull=True)
    if request.method == "GET":
        return _person_page(request, someone, PersonForm(person=someone))
    require(request, "manage.change_person", someone)
    form = PersonForm(request.POST, person=someone)
    if not form.is_valid():
        return _person_page(request, someone, form, status=400)
    try:
        person_update(
            person=someone,
            by=user_of(request),
            role=form.cleaned_data["role"],
            services=list(form.cleaned_data["services"]),
        )
    except ValidationError as error:
        form.add_error("role", error)
        return _person_page(request, someone, form, status=400)
    messages.success(request, _("The role and services of %(name)s are saved.") % {"name": someone})
    return redirect("manage:person", pk=someone.pk)
