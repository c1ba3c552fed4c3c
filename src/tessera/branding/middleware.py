"""Short URLs, redirects from an old site, and the log of what answered 404.

Only a response that is already a 404 is looked at: a page that exists never pays for the
redirects (no lookup, no query), and a short URL can never hide a page of the site.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)

from tessera.branding.selectors import redirects_for
from tessera.branding.services_content import not_found_record, redirect_hit
from tessera.core.ratelimit import request_allowed
from tessera.organizations.selectors import current_organization

NOT_FOUND_LOG_LIMIT = (20, 3600)
# Files a browser asks for on its own or that a robot probes: not worth a row in the log.
UNLOGGED_PREFIXES = ("/static/", "/media/", "/site/", "/favicon.ico", "/apple-touch-icon")


class RedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        organization = current_organization(request)
        if organization is None:
            return response
        found = redirects_for(organization).get(request.path)
        if found is not None:
            redirect_hit(pk=found.pk)
            target = found.target
            if request.META.get("QUERY_STRING") and "?" not in target:
                target += "?" + request.META["QUERY_STRING"]  # campaign tags travel on
            if found.is_permanent:
                return HttpResponsePermanentRedirect(target)
            return HttpResponseRedirect(target)
        # A robot walking 50 made-up paths must not write 50 rows: each address may add a few
        # per hour (staff read this log to fix old links, which real visitors keep hitting).
        if not request.path.startswith(UNLOGGED_PREFIXES) and request_allowed(
            request, "not-found-log", per_address=NOT_FOUND_LOG_LIMIT
        ):
            not_found_record(
                organization=organization,
                path=request.path,
                referrer=request.META.get("HTTP_REFERER", ""),
            )
        return response
