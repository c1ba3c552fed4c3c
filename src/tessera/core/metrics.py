"""The operator's figures, in Prometheus' text format, at /metrics behind METRICS_KEY.

Apps register a gauge from their AppConfig.ready() (core cannot import them): a name, a help
line and a function returning a number, counted across every organisation. The 5xx count is
kept here, in per-minute buckets of the shared cache, by the request-context middleware.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_scopes import scopes_disabled

PATH = "/metrics"
MINUTES = 60


@dataclass(frozen=True)
class Gauge:
    name: str
    help: str
    value: Callable[[], float]


_gauges: dict[str, Gauge] = {}


def register(name: str, help_text: str, value: Callable[[], float]) -> None:
    _gauges[name] = Gauge(name, help_text, value)


def server_error_counted() -> None:
    """One more 5xx in this minute's bucket (kept a little over an hour)."""
    key = f"metrics:5xx:{int(time.time() // 60)}"
    if not cache.add(key, 1, (MINUTES + 2) * 60):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, (MINUTES + 2) * 60)


def server_errors_last_hour() -> float:
    minute = int(time.time() // 60)
    keys = [f"metrics:5xx:{minute - back}" for back in range(MINUTES)]
    return float(sum(cache.get_many(keys).values()))


def hour_ago() -> object:
    return timezone.now() - timedelta(hours=1)


def _task_backlog() -> float:
    from django_tasks_db.models import DBTaskResult  # this module loads with logging, early

    return float(DBTaskResult.objects.filter(status=TaskResultStatus.READY).count())


def _tasks_failed_last_hour() -> float:
    from django_tasks_db.models import DBTaskResult

    return float(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.FAILED, finished_at__gte=hour_ago()
        ).count()
    )


register("tessera_task_backlog", "Background tasks waiting for a worker.", _task_backlog)
register(
    "tessera_tasks_failed_last_hour", "Background tasks failed in the last hour.",
    _tasks_failed_last_hour,
)  # fmt: skip
register("tessera_http_5xx_last_hour", "Server errors in the last hour.", server_errors_last_hour)


def key_matches(request: HttpRequest) -> bool:
    expected = settings.METRICS_KEY
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def metrics(request: HttpRequest) -> HttpResponse:
    """404 without the key (the page does not exist for anyone else)."""
    if not key_matches(request):
        return HttpResponse("Not found", status=404, content_type="text/plain")
    lines = []
    with scopes_disabled():
        for gauge in _gauges.values():
            lines += [
                f"# HELP {gauge.name} {gauge.help}",
                f"# TYPE {gauge.name} gauge",
                f"{gauge.name} {gauge.value():g}",
            ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; version=0.0.4")
    response["Cache-Control"] = "no-store"
    return response
