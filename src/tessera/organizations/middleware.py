"""Resolve the organisation from the request's host and scope every query to it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string
from django_scopes import scope

from tessera.organizations.selectors import organization_for_host


class OrganizationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        organization = organization_for_host(request.get_host())
        if organization is None:
            # No site here: a plain page, since there is no organisation to dress it in.
            return HttpResponseNotFound(
                render_to_string("organizations/unknown_host.html", request=None)
            )
        request.organization = organization  # type: ignore[attr-defined]
        # Everything downstream (views, templates, lazy request.user) runs inside the scope.
        with scope(organization=organization):
            return self.get_response(request)
