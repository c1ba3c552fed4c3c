"""/healthz for the load balancer: answers on any host name, says only "ok" or what failed;
and /metrics for the operator's scraper (core.metrics, behind its key).

Before the other middleware: both are asked by address (no organisation's host, maybe plain
HTTP behind TLS termination), and a probe must not create a session or a log row.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from tessera.core import metrics

PATH = "/healthz"
logger = logging.getLogger("tessera.health")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure is the answer; the balancer retries
        logger.exception("health: the database does not answer")
        return False


def _cache_ok() -> bool:
    key, value = "health:probe", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        return cache.get(key) == value
    except Exception:
        logger.exception("health: the cache does not answer")
        return False


def health() -> JsonResponse:
    failed = [name for name, ok in (("database", _database_ok()), ("cache", _cache_ok())) if not ok]
    response = JsonResponse(
        {"status": "error", "failed": failed} if failed else {"status": "ok"},
        status=503 if failed else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


class OperatorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            if request.path_info == PATH:
                return health()
            if request.path_info == metrics.PATH:
                return metrics.metrics(request)
        return self.get_response(request)
