"""The demo on SQLite: concurrent writers wait their turn, none is told "database is locked"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.core.sqlite_writers import THREADS, TRANSACTIONS

ROOT = Path(__file__).resolve().parents[2]


def test_concurrent_read_then_write_transactions_all_succeed(tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="tessera.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        TESSERA_DEMO="1",
        PYTHONPATH=f"{ROOT / 'src'}:{ROOT}",
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.core.sqlite_writers"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    failures, rows, mode, _first = result.stdout.split(" ", 3)
    assert (failures, mode) == ("0", "wal"), result.stdout
    assert int(rows) == THREADS * TRANSACTIONS
