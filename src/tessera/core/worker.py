"""The task worker, made to outlive a database restart and to run again what the outage broke.

django-tasks-db's worker exits on the first connection error, leaving the task it was running
marked RUNNING (or FAILED with the connection error) for good: a voter's receipt was never
sent. This worker waits for the database to come back (with a growing pause), then puts back
in the queue the tasks an outage interrupted, a few times at most.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.db import DatabaseError, connections
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("tessera.worker")

# A task interrupted by the database is run again this many times in all.
MAX_ATTEMPTS = 3
# Exceptions that say the database went away, not that the task is wrong.
CONNECTION_ERRORS = (
    "django.db.utils.OperationalError",
    "django.db.utils.InterfaceError",
)
# A task RUNNING for this long has lost its worker (killed with its process).
STALE_AFTER = timedelta(hours=1)
BACKOFF_SECONDS = (1, 2, 5, 10, 30)


def interrupted_tasks_requeue(*, worker_id: str) -> int:
    """Back to READY: this worker's tasks left RUNNING, tasks failed on a lost connection,
    and tasks RUNNING for longer than any task runs, each while it has attempts left."""
    stale = timezone.now() - STALE_AFTER
    candidates = DBTaskResult.objects.filter(
        Q(status=TaskResultStatus.RUNNING)
        | Q(status=TaskResultStatus.FAILED, exception_class_path__in=CONNECTION_ERRORS)
    ).only("id", "status", "started_at", "worker_ids")
    requeued = 0
    for task in candidates:
        # worker_ids gains one entry per claim: it counts the attempts.
        interrupted = task.status == TaskResultStatus.FAILED or (
            (task.worker_ids and task.worker_ids[-1] == worker_id)
            or (task.started_at is not None and task.started_at < stale)
        )
        if not interrupted or len(task.worker_ids) >= MAX_ATTEMPTS:
            continue
        requeued += DBTaskResult.objects.filter(pk=task.pk, status=task.status).update(
            status=TaskResultStatus.READY, finished_at=None, exception_class_path="", traceback=""
        )
    if requeued:
        logger.warning("worker: %s interrupted task(s) queued again", requeued)
    return requeued


class ResilientWorker(Worker):
    def run(self) -> None:
        failures = 0
        while self.running:
            try:
                interrupted_tasks_requeue(worker_id=self.worker_id)
                super().run()
                return  # batch or max-tasks end, or a signal
            except DatabaseError as error:
                pause = BACKOFF_SECONDS[min(failures, len(BACKOFF_SECONDS) - 1)]
                failures += 1
                logger.warning(
                    "worker: the database is unreachable (%s); retry in %ss", error, pause
                )
                self._forget_connections()
                self.running_task = False
                time.sleep(pause)

    @staticmethod
    def _forget_connections() -> None:
        # A broken connection refuses every later query: close it, the next query reconnects.
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except DatabaseError:
                connection.connection = None
