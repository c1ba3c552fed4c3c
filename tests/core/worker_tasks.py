"""Tasks the worker tests enqueue (a task must be importable by its path)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.tasks import task


@task
def lose_the_connection_once(key: str) -> str:
    """The first run loses its database connection mid-task, as in a PostgreSQL restart."""
    if cache.add(f"{key}:tried", 1):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    cache.set(f"{key}:done", 1)
    return "done"


@task
def note(key: str) -> str:
    cache.set(f"{key}:done", 1)
    return "done"
