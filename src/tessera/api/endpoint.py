"""The GraphQL view itself, imported on the first query (tessera.api.views.graphql)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from tessera.api.schema import schema
from tessera.api.views import refused


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


# No mutation exists (tessera.api.schema), so no request can change anything: the CSRF check
# would only keep out the non-browser clients the API is for.
view = csrf_exempt(
    PublicGraphQLView.as_view(schema=schema, graphql_ide="graphiql" if settings.DEBUG else None)
)
