"""The /graphql endpoint: the public, read-only GraphQL API (docs/api.md)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from tessera.core.ratelimit import request_allowed, window_allows

# (queries, seconds): a reuser's page or script asks a few a minute; 300 heavy queries in a
# burst are an attack. A token (Authorization: Bearer) has its own bucket too, so one client
# spread over many addresses is still one client.
PER_ADDRESS = (60, 60)
PER_TOKEN = (60, 60)


def refused(request: HttpRequest) -> HttpResponse | None:
    """A JSON error before any parsing: past the rate limits, or a body that is not UTF-8
    (GraphQL over HTTP is UTF-8 JSON; the library would fail decoding it, a 500)."""
    if request.method != "OPTIONS" and not _allowed(request):
        return _error(429, "Too many requests: wait a minute before querying again.")
    try:
        request.body.decode()
    except UnicodeDecodeError:
        return _error(400, "The request body is not valid UTF-8.")
    return None


def _allowed(request: HttpRequest) -> bool:
    """Per address always; per token too when the client sends one (a token never lifts its
    address's limit, so random tokens buy nothing)."""
    allowed = request_allowed(request, "graphql", per_address=PER_ADDRESS)
    token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token:
        digest = hashlib.sha256(token.encode()).hexdigest()[:32]
        allowed = window_allows(f"rate:graphql:token:{digest}", *PER_TOKEN) and allowed
    return allowed


def _error(status: int, message: str) -> HttpResponse:
    return JsonResponse({"errors": [{"message": message}]}, status=status)


@csrf_exempt
def graphql(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    """The schema (strawberry, GraphQL and every app's types: about two seconds of imports)
    is built on the first query, not when an app server or a command starts."""
    from tessera.api.endpoint import view

    return view(request, *args, **kwargs)
