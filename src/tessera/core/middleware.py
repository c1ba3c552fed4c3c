"""Requests no page can answer, refused before any view or query sees them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


class RefuseNulMiddleware:
    """A NUL character (%00) in the path or the query string is a 400.

    PostgreSQL refuses NUL in text, so a path that reaches a query (a slug lookup, the 404
    log, a search) would fail with a 500; no legitimate link carries one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return HttpResponseBadRequest("Bad request", content_type="text/plain")
        return self.get_response(request)
