"""`manage.py db_worker`: django-tasks-db's command with the resilient worker (core.worker)."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from tessera.core.worker import ResilientWorker


class Command(db_worker.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        # The package's handle() builds its Worker by name from its module.
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
