"""Requests a probe sends to find a 500: each gets a 4xx instead."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.organizations.models import Organization


@pytest.mark.parametrize(
    "path",
    ["/a%00b", "/pages/a%00b/", "/processes/a%00/", "/processes/?q=%00", "/?next=%00"],
)
def test_a_nul_character_in_the_url_is_a_400_not_a_500(
    organization: Organization, client: Client, path: str
) -> None:
    # On PostgreSQL, a NUL reaching a query (a slug, the 404 log) raised a DataError.
    assert client.get(path).status_code == 400
