"""Helpers of the data-migration tests: move the database to a migration state and back.

Import `executor` (a fixture: it leaves the database at the latest migrations) and `migrate`
in a test module marked `django_db(transaction=True)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.fixture
def executor() -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(executor: MigrationExecutor, target: list[tuple[str, str]]) -> Any:
    """Migrate to `target`; the historical apps of that state, to write rows as they were."""
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps
