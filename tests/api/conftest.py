"""Helpers of the API tests: a query sent as a client would send it (HTTP POST to /graphql on
the organisation's host), and the fixtures of a budget process."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tessera.accounts.models import User
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tests.conftest import make_user
from tests.factories import DistrictFactory, ProcessFactory, ThemeFactory
from tests.proposals.factories import CollectStepFactory, ProposalFactory


def graphql(client: Client, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST a query to /graphql on the client's host; the decoded answer (data and errors)."""
    response = client.post(
        "/graphql",
        json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def data(client: Client, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The answer's data, checking no error came with it."""
    body = graphql(client, query, variables)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


def errors(client: Client, query: str, variables: dict[str, Any] | None = None) -> list[str]:
    """The error messages of an answer that must have some."""
    body = graphql(client, query, variables)
    assert body.get("errors"), body
    return [error["message"] for error in body["errors"]]


def queries_of(client: Client, query: str, variables: dict[str, Any] | None = None) -> int:
    """How many SQL queries answering this query takes, once the site is warm (the host's
    organisation is cached after the first request)."""
    data(client, query, variables)
    with CaptureQueriesContext(connection) as captured:
        data(client, query, variables)
    return len(captured.captured_queries)


# A budget process with a collect step running now, as tests/proposals builds it.


@pytest.fixture
def process(organization: Organization) -> Process:
    return ProcessFactory(organization=organization, slug="budget", title="Budget 2026")


@pytest.fixture
def theme(organization: Organization) -> Theme:
    return ThemeFactory(organization=organization, name="Nature en ville", slug="nature")


@pytest.fixture
def district(organization: Organization) -> District:
    return DistrictFactory(organization=organization, name="La Gare", slug="la-gare")


@pytest.fixture
def step(process: Process) -> Step:
    """The collect step, running now."""
    now = timezone.now()
    return CollectStepFactory(
        process=process,
        title="Dépôt des idées",
        starts_at=now - timedelta(days=5),
        ends_at=now + timedelta(days=5),
    )


@pytest.fixture
def author(organization: Organization) -> User:
    return make_user(organization, display_name="Alice Autrice", email="alice@example.org")


@pytest.fixture
def proposal(step: Step, author: User, theme: Theme) -> Proposal:
    return ProposalFactory(step=step, author=author, theme=theme, title="Des bancs à l'ombre")
