"""The task worker outlives a lost database connection and runs again what it interrupted."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tessera.core.worker import ResilientWorker
from tests.core.worker_tasks import lose_the_connection_once, note

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="drops a PostgreSQL backend connection"
)


def new_worker() -> ResilientWorker:
    return ResilientWorker(
        queue_names=["default"],
        interval=0.05,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


@pytest.fixture
def running_worker(transactional_db: None) -> Iterator[ResilientWorker]:
    worker = new_worker()
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    yield worker
    worker.running = False
    thread.join(timeout=10)
    assert not thread.is_alive()


def wait_for(condition: Callable[[], bool], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_task_whose_connection_dropped_is_run_again(running_worker: ResilientWorker) -> None:
    result = lose_the_connection_once.enqueue("dropped")
    assert wait_for(lambda: cache.get("dropped:done") == 1)
    row = DBTaskResult.objects.get(pk=result.id)
    assert wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL")
    assert len(row.worker_ids) >= 1


def test_the_worker_survives_its_connection_being_killed(running_worker: ResilientWorker) -> None:
    assert wait_for(lambda: running_worker.running)
    with connection.cursor() as cursor:  # what a PostgreSQL restart does to the worker
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    note.enqueue("after-restart")
    assert wait_for(lambda: cache.get("after-restart:done") == 1)


def test_a_task_failed_on_a_lost_connection_is_queued_again_a_few_times(
    transactional_db: None,
) -> None:
    from tessera.core.worker import MAX_ATTEMPTS, interrupted_tasks_requeue

    result = note.enqueue("x")
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.FAILED,
        exception_class_path="django.db.utils.OperationalError",
        worker_ids=["a"],
    )
    assert interrupted_tasks_requeue(worker_id="test-worker") == 1
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.FAILED,
        exception_class_path="django.db.utils.OperationalError",
        worker_ids=["a"] * MAX_ATTEMPTS,
    )
    assert interrupted_tasks_requeue(worker_id="test-worker") == 0
