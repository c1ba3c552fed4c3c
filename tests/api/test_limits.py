"""The API's own limits: a body that is not UTF-8 is a 400, a burst of queries a 429."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tessera.api.views import PER_ADDRESS, PER_TOKEN
from tessera.organizations.models import Organization

QUERY = json.dumps({"query": "{ __typename }"})


def post(client: Client, **headers: str) -> int:
    response = client.post("/graphql", QUERY, content_type="application/json", headers=headers)
    return response.status_code


@pytest.mark.parametrize("body", [b'{"query": "\xff\xfe"}', b"\xff\xfe", b"\xc3("])
def test_a_body_that_is_not_utf8_is_refused_with_400(
    organization: Organization, client: Client, body: bytes
) -> None:
    response = client.post("/graphql", body, content_type="application/json")
    assert response.status_code == 400
    assert "UTF-8" in response.json()["errors"][0]["message"]


def test_a_burst_from_one_address_is_refused(organization: Organization, client: Client) -> None:
    limit, _period = PER_ADDRESS
    assert all(post(client) == 200 for _ in range(limit))
    assert post(client) == 429
    # A forged X-Forwarded-For changes nothing when no proxy of ours is trusted.
    assert post(client, X_Forwarded_For="203.0.113.9") == 429


def test_a_token_spread_over_addresses_is_still_one_client(
    organization: Organization, client: Client, settings: object
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    limit, _period = PER_TOKEN
    token = {"Authorization": "Bearer reuser-token"}
    for number in range(limit):
        assert post(client, X_Forwarded_For=f"198.51.100.{number}", **token) == 200
    assert post(client, X_Forwarded_For="198.51.100.250", **token) == 429
    assert post(client, X_Forwarded_For="198.51.100.250") == 200


PROCESS_PAGE = (
    "processes(pagination: {limit: 100}) { results { "
    "steps { id kind title descriptionHtml startsAt endsAt phase url } "
    "themes { slug name } districts { slug name } } }"
)


def test_a_query_too_costly_is_refused_before_it_runs(
    organization: Organization, client: Client
) -> None:
    # Within the depth and alias limits, but two full pages with their nested lists.
    query = f"{{ a: {PROCESS_PAGE} b: {PROCESS_PAGE} }}"
    response = client.post("/graphql", {"query": query}, content_type="application/json")
    (error,) = response.json()["errors"]
    assert "more than 20,000" in error["message"]
    assert "data" not in response.json() or response.json()["data"] is None


def test_one_full_page_with_its_nested_lists_is_within_the_cost(
    organization: Organization, client: Client
) -> None:
    query = f"{{ a: {PROCESS_PAGE} }}"
    response = client.post("/graphql", {"query": query}, content_type="application/json")
    assert "errors" not in response.json()


def test_the_cost_counts_fragments_and_a_limit_given_by_a_variable() -> None:
    from graphql import parse, validate

    from tessera.api.cost import QueryCostLimit
    from tessera.api.schema import schema

    query = (
        "query Q($n: Int) { a: processes(pagination: {limit: $n}) { ...F } "
        "b: processes(pagination: {limit: $n}) { ...F } } "
        "fragment F on ProcessTypeOffsetPaginated { results { "
        "steps { id kind title descriptionHtml startsAt endsAt phase url } "
        "themes { slug name } districts { slug name } } }"
    )
    problems = validate(schema._schema, parse(query), [QueryCostLimit])
    assert [problem.message for problem in problems if "more than" in problem.message]
