"""Start-up stays quick: what only some requests need is imported when first needed.

The GraphQL schema (strawberry, graphql-core, every app's types), openpyxl (with numpy) and
fpdf cost about three seconds at every start of a command, an app server or the worker.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("strawberry", "graphql", "openpyxl", "numpy", "fpdf")
CODE = """
import sys
import tessera.wsgi
from django.urls import get_resolver
get_resolver().url_patterns
print(" ".join(sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[1:]))))
"""


def test_an_app_server_starts_without_the_heavy_libraries() -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(TESSERA_DEMO="1", PYTHONPATH=str(ROOT / "src"))
    result = subprocess.run(
        [sys.executable, "-c", CODE, *HEAVY],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []
