"""JSON log lines that say which request, organisation and user they belong to.

A middleware keeps the current request in a context variable; a logging filter copies its
request id, organisation and user id onto every record logged while it runs (in views,
services, queries, the error handler). Nothing personal goes in: ids, never e-mails or names.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from tessera.core import metrics

_current: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "tessera_request", default=None
)
# A request id from the proxy (nginx's $request_id) is kept when it looks like one.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id_of(request: HttpRequest) -> str:
    given = request.headers.get("X-Request-ID", "")
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


class RequestContextMiddleware:
    """First in the chain: every later log line of the request carries its context.

    The receiver below is connected when this module is imported, i.e. when the middleware
    chain is built."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = request_id_of(request)  # type: ignore[attr-defined]
        # Kept until the response is closed (request_finished), not only while the chain
        # runs: Django logs a 4xx/5xx after the middleware returned.
        _current.set(request)
        response = self.get_response(request)
        if response.status_code >= 500:
            metrics.server_error_counted()
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        return response


@receiver(request_finished)
def forget_request(**_kwargs: object) -> None:
    _current.set(None)


class RequestContextFilter(logging.Filter):
    """Adds request_id, organization and user_id (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = _current.get()
        record.request_id = getattr(request, "request_id", None)
        organization = getattr(request, "organization", None)
        record.organization = getattr(organization, "slug", None)
        # Only a user already loaded: reading request.user here would query from a log call.
        user = getattr(request, "_cached_user", None)
        record.user_id = user.pk if user is not None and user.is_authenticated else None
        return True
