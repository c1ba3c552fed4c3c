"""The /graphql endpoint: the public, read-only GraphQL API (docs/api.md)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from tessera.api.schema import schema
from tessera.core.ratelimit import request_allowed, window_allows

# (queries, seconds): a reuser's page or script asks a few a minute; 300 heavy queries in a
# burst are an attack. A token (Authorization: Bearer) has its own bucket too, so one client
# spread over many addresses is still one client.
PER_ADDRESS = (60, 60)
PER_TOKEN = (60, 60)


class PublicGraphQLView(GraphQLView):
    """Queries by GET or POST, from any origin: the API answers what an anonymous visitor
    sees, whoever asks and whatever cookie comes along, so a page on another site (a city's
    open-data portal) may read it. GraphiQL only when DEBUG (it loads its scripts from a CDN)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        refusal = refused(request)
        if refusal is not None:
            response: HttpResponseBase = refusal
        elif request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Content-Type"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = super().dispatch(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


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


# No mutation exists (tessera.api.schema), so no request can change anything: the CSRF check
# would only keep out the non-browser clients the API is for.
graphql = csrf_exempt(
    PublicGraphQLView.as_view(schema=schema, graphql_ide="graphiql" if settings.DEBUG else None)
)
