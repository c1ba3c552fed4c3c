"""The /graphql endpoint itself: GET and POST, introspection, no mutation and so no CSRF token,
the limits on depth and aliases, errors of ours masked, any origin, no GraphiQL in production,
and nothing for a host no organisation claims."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from graphql import get_introspection_query

from tessera.organizations.models import Organization
from tessera.processes import api as processes_api
from tests.api.conftest import data, errors, graphql
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def test_a_query_can_come_by_get(organization: Organization) -> None:
    ProcessFactory(organization=organization, slug="budget")

    response = Client().get("/graphql", {"query": "{ processes { results { slug } } }"})

    assert response.status_code == 200
    assert response.json() == {"data": {"processes": {"results": [{"slug": "budget"}]}}}


def test_a_post_needs_no_csrf_token(organization: Organization) -> None:
    client = Client(enforce_csrf_checks=True)

    assert data(client, "{ processes { totalCount } }") == {"processes": {"totalCount": 0}}


def test_the_schema_answers_introspection_and_has_no_mutation(
    organization: Organization,
) -> None:
    schema = data(
        Client(),
        "{ __schema { queryType { name } mutationType { name } types { name } } }",
    )["__schema"]

    assert schema["queryType"] == {"name": "Query"}
    assert schema["mutationType"] is None
    names = {kind["name"] for kind in schema["types"]}
    assert {"Process", "Step", "Proposal", "VoteResults", "Realisation"} <= names


def test_the_full_introspection_query_of_tools_passes_the_limits(
    organization: Organization,
) -> None:
    # What GraphiQL and code generators send: deep (ofType { ofType { … } }) and long.
    answer = data(Client(), get_introspection_query(descriptions=True))

    assert answer["__schema"]["queryType"]["name"] == "Query"


def test_a_mutation_is_refused(organization: Organization) -> None:
    [message] = errors(Client(), "mutation { anything }")

    assert "mutation" in message.lower()


def test_a_query_deeper_than_the_limit_is_refused(organization: Organization) -> None:
    # processes → results → steps → process → steps → process → … : 10 levels.
    nested = "steps { process { " * 4 + "slug" + " } }" * 4
    query = f"{{ processes {{ results {{ {nested} }} }} }}"

    messages = errors(Client(), query)

    assert any("exceeds maximum operation depth" in message for message in messages)


def test_a_query_with_many_aliases_is_refused(organization: Organization) -> None:
    aliases = " ".join(f"a{index}: processes {{ totalCount }}" for index in range(20))

    [message] = errors(Client(), f"{{ {aliases} }}")

    assert "aliases" in message


def test_an_error_of_ours_is_masked(
    organization: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("the database password is hunter2")

    monkeypatch.setattr(processes_api, "listed_processes", broken)

    body = graphql(Client(), "{ processes { totalCount } }")

    assert [error["message"] for error in body["errors"]] == ["Unexpected error."]
    assert "hunter2" not in json.dumps(body)


def test_any_origin_may_read_it(organization: Organization) -> None:
    client = Client()
    preflight = client.options(
        "/graphql",
        headers={"Origin": "https://data.example.org", "Access-Control-Request-Method": "POST"},
    )
    response = client.post(
        "/graphql",
        json.dumps({"query": "{ processes { totalCount } }"}),
        content_type="application/json",
        headers={"Origin": "https://data.example.org"},
    )

    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_there_is_no_graphiql_without_debug(organization: Organization) -> None:
    response = Client().get("/graphql", headers={"Accept": "text/html"})

    assert b"graphiql" not in response.content.lower()


def test_a_host_no_organisation_claims_gets_nothing(db: None) -> None:
    response = Client(HTTP_HOST="nobody.example").post(
        "/graphql",
        json.dumps({"query": "{ processes { totalCount } }"}),
        content_type="application/json",
    )

    assert response.status_code == 404
