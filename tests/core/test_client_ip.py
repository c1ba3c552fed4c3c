"""One client address for every rate limit, trusting only the configured proxy hops."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from tessera.accounts.models import User
from tessera.core.http import client_ip, rate_key_ip
from tessera.organizations.models import Organization
from tests.conftest import PASSWORD

PROXY = "10.0.0.2"


def request_from(remote: str, forwarded: str | None = None) -> object:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_the_header_is_ignored(settings: object) -> None:
    settings.TRUSTED_PROXY_COUNT = 0  # type: ignore[attr-defined]
    assert client_ip(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        # What the client wrote itself comes first and is ignored.
        (1, "203.0.113.1, 198.51.100.7", "198.51.100.7"),
        (2, "203.0.113.1, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        # Shorter than our own chain, or not an address: the proxy's, never a forged one.
        (2, "198.51.100.7", PROXY),
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
    ],
)
def test_the_client_is_the_entry_our_first_proxy_wrote(
    settings: object, hops: int, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = hops  # type: ignore[attr-defined]
    assert client_ip(request_from(PROXY, forwarded)) == expected  # type: ignore[arg-type]


def test_an_ipv6_client_is_one_bucket_for_its_whole_64(settings: object) -> None:
    settings.TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    one = rate_key_ip(request_from(PROXY, "2001:db8:1:2::1"))  # type: ignore[arg-type]
    other = rate_key_ip(request_from(PROXY, "2001:db8:1:2:ffff::9"))  # type: ignore[arg-type]
    assert one == other == "2001:db8:1:2::/64"


def log_in(client: Client, address: str, login: str, password: str) -> int:
    response = client.post(
        "/accounts/login/",
        {"login": login, "password": password},
        headers={"X-Forwarded-For": address},
        REMOTE_ADDR=PROXY,
    )
    return response.status_code


def test_behind_the_proxy_one_address_s_attempts_do_not_lock_out_the_city(
    organization: Organization, resident: User, settings: object
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    attacker, neighbour = Client(), Client()
    statuses = [
        log_in(attacker, "203.0.113.66", f"guess{n}@example.org", "wrong") for n in range(35)
    ]
    assert statuses[-1] == 429
    assert log_in(neighbour, "198.51.100.7", resident.email, PASSWORD) == 302
    assert neighbour.session["_auth_user_id"] == str(resident.pk)
