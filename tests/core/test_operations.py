"""What an operator relies on: /healthz, JSON logs that carry their context, scrubbed reports."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client
from pythonjsonlogger.json import JsonFormatter

from tessera.accounts.models import User
from tessera.core.sentry import scrub
from tessera.organizations.models import Organization


def test_healthz_answers_on_any_host_without_a_session_or_data(db: None) -> None:
    response = Client(HTTP_HOST="10.0.0.12").get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_healthz_says_which_part_failed(db: None, settings: object) -> None:
    settings.CACHES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "failed": ["cache"]}


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """What the configured console handler writes (JSON), captured."""
    (handler,) = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_log_line_is_json_with_the_request_organisation_and_user(
    client: Client, organization: Organization, resident: User, json_lines: io.StringIO
) -> None:
    client.force_login(resident)
    response = client.get("/nowhere/")  # Django logs the 404 as a warning
    assert response.status_code == 404
    lines = [json.loads(line) for line in json_lines.getvalue().splitlines()]
    (line,) = [line for line in lines if line["logger"] == "django.request"]
    assert line["level"] == "WARNING"
    assert line["organization"] == organization.slug
    assert line["user_id"] == resident.pk
    assert line["request_id"] == response["X-Request-ID"]
    assert resident.email not in json_lines.getvalue()


def test_an_error_report_keeps_nothing_personal() -> None:
    event = scrub(
        {
            "request": {
                "url": "https://ville.example/accounts/confirm-email/KEY/",
                "query_string": "key=secret",
                "cookies": {"sessionid": "s"},
                "data": {"password": "p"},
                "headers": {"Cookie": "sessionid=s", "User-Agent": "UA", "X-Forwarded-For": "1"},
            },
            "user": {"id": 7, "email": "alice@example.org", "ip_address": "198.51.100.7"},
        }
    )
    assert event["user"] == {"id": 7}
    assert event["request"]["headers"] == {"User-Agent": "UA"}
    assert "cookies" not in event["request"]
    assert "data" not in event["request"]
    assert event["request"]["query_string"] == ""


def test_error_reports_start_only_with_a_dsn() -> None:
    from tests.test_settings import run_manage

    code = "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    dsn = "https://k@127.0.0.1:9/1"
    on = run_manage("shell", "--no-imports", "-c", code, TESSERA_DEMO="1", SENTRY_DSN=dsn)
    off = run_manage("shell", "--no-imports", "-c", code, TESSERA_DEMO="1")
    assert on.stdout.split() == ["True"], on.stderr
    assert off.stdout.split() == ["False"], off.stderr


def test_metrics_are_hidden_without_the_key(db: None, settings: object) -> None:
    settings.METRICS_KEY = "metrics-secret-key"  # type: ignore[attr-defined]
    assert Client().get("/metrics").status_code == 404
    wrong = Client().get("/metrics", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 404
    settings.METRICS_KEY = ""  # type: ignore[attr-defined]
    assert Client().get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_metrics_give_the_operator_s_figures(
    db: None, settings: object, organization: Organization
) -> None:
    from tessera.core import metrics

    settings.METRICS_KEY = "metrics-secret-key"  # type: ignore[attr-defined]
    metrics.server_error_counted()
    metrics.server_error_counted()
    response = Client(HTTP_HOST="10.0.0.12").get(
        "/metrics", headers={"Authorization": "Bearer metrics-secret-key"}
    )
    assert response.status_code == 200
    values = dict(
        line.split(" ") for line in response.content.decode().splitlines() if line[0] != "#"
    )
    assert values["tessera_http_5xx_last_hour"] == "2"
    for name in (
        "tessera_task_backlog",
        "tessera_tasks_failed_last_hour",
        "tessera_ballots_last_hour",
        "tessera_open_votes",
        "tessera_deliveries_failed",
    ):
        assert values[name] == "0"


def test_a_domain_event_is_a_log_line_with_who_and_where(
    admin: User, organization: Organization, json_lines: io.StringIO
) -> None:
    from tests.branding.helpers import logged_in
    from tests.branding.test_identity import save_draft

    editor = logged_in(admin)
    save_draft(editor, site_name="Grenoble participe")
    assert editor.post("/site/manage/publish/").status_code == 302
    lines = [json.loads(line) for line in json_lines.getvalue().splitlines()]
    (line,) = [line for line in lines if line.get("event") == "identity_published"]
    assert line["organization"] == organization.slug
    assert line["user_id"] == admin.pk
