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
