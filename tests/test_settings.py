"""Settings come from the environment and production settings pass Django's deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        # Browser tests may set DJANGO_ALLOW_ASYNC_UNSAFE for their own thread: not for this.
        if key
        not in {
            "DJANGO_SETTINGS_MODULE",
            "DEBUG",
            "SECRET_KEY",
            "TESSERA_DEMO",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_checks() -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-production-secret-" + "x" * 50,
        DEBUG="0",
        TESSERA_VAR_DIR=str(ROOT / "var"),
        EMAIL_URL="smtp://mail.example:587/?tls=True",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key_of_its_own() -> None:
    # The attacker's premise: the key in the repository signs e-mail confirmations.
    result = run_manage(
        "check",
        "--deploy",
        DEBUG="0",
        DATABASE_URL="postgres://u@db.example:5432/tessera",
        EMAIL_URL="smtp://mail.example:587/?tls=True",
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_deploy_checks_refuse_the_demo_key() -> None:
    result = run_manage(
        "check",
        "--deploy",
        TESSERA_DEMO="1",
        DEBUG="0",
        EMAIL_URL="smtp://mail.example:587/?tls=True",
    )
    assert result.returncode != 0
    assert "tessera.E001" in result.stderr


def test_debug_and_database_come_from_the_environment() -> None:
    code = (
        "from django.conf import settings;"
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'],"
        " settings.MAILERS['default']['BACKEND'])"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DEBUG="1",
        DATABASE_URL="postgres://u@db.example:5432/tessera",
        EMAIL_URL="smtp://mail.example:587",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.postgresql",
        "django.core.mail.backends.smtp.EmailBackend",
    ]
