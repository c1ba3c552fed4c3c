"""Links in e-mails sent without a request: scheme, host and, when not the default, port."""

from __future__ import annotations

import pytest

from tessera.organizations.models import Organization


@pytest.mark.parametrize(
    ("protocol", "port", "expected"),
    [
        ("http", "8000", "http://testserver:8000"),
        ("http", "", "http://testserver"),
        ("http", "80", "http://testserver"),
        ("https", "443", "https://testserver"),
        ("https", "8443", "https://testserver:8443"),
    ],
)
def test_the_site_url_says_the_port_visitors_use(
    organization: Organization, settings: object, protocol: str, port: str, expected: str
) -> None:
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = protocol  # type: ignore[attr-defined]
    settings.PUBLIC_PORT = port  # type: ignore[attr-defined]
    assert organization.site_url == expected
