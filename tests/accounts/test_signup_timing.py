"""Sign-up tells nobody, not even by its timing, whether an address already has an account."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

from tessera.accounts.models import User
from tessera.organizations.models import Organization
from tests.accounts.test_signup import SIGNUP_URL, signup_form

pytestmark = pytest.mark.django_db

HASH_SECONDS = 0.3


class SlowHasher(MD5PasswordHasher):
    """A hasher as slow as production's, in wall time the test can measure reliably."""

    algorithm = "slow_md5"

    def encode(self, password: str, salt: str) -> str:
        time.sleep(HASH_SECONDS)
        return super().encode(password, salt)


def timed_signup(client: Client, email: str) -> tuple[int, float]:
    started = time.perf_counter()
    response = client.post(SIGNUP_URL, signup_form(email=email))
    return response.status_code, time.perf_counter() - started


def test_a_known_address_costs_the_same_hash_as_a_new_one(
    client: Client, organization: Organization, resident: User, settings: object
) -> None:
    settings.PASSWORD_HASHERS = [f"{__name__}.SlowHasher"]  # type: ignore[attr-defined]
    new_status, new_seconds = timed_signup(Client(), "nouvelle@example.org")
    known_status, known_seconds = timed_signup(Client(), resident.email)
    assert new_status == known_status == 302
    assert new_seconds >= HASH_SECONDS
    assert known_seconds >= HASH_SECONDS
    assert User.objects.filter(email=resident.email).count() == 1
