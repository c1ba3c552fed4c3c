"""The request's user comes from the shared cache while it is unchanged (accounts.usercache):
a logged-in page reads no user row, and every change to the user is seen at the next
request."""

from __future__ import annotations

import pickle

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tessera.accounts.models import Role, User
from tessera.accounts.usercache import user_changed
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

USERS = User._meta.db_table


def user_queries(client: Client, path: str = "/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(f'"{USERS}"' in query["sql"] or f" {USERS} " in query["sql"] for query in queries)


def back_office_link(client: Client) -> bool:
    return 'href="/manage/"' in client.get("/").content.decode()


def test_a_second_request_reads_no_user_row(client: Client, resident: User) -> None:
    client.force_login(resident)
    assert user_queries(client) == 1
    assert user_queries(client) == 0
    assert user_queries(client, "/accounts/profile/") == 0


def test_the_cache_holds_no_password_hash(client: Client, resident: User) -> None:
    client.force_login(resident)
    client.get("/")
    stored = pickle.dumps(cache.get(f"accounts:user:{resident.pk}"))
    assert resident.password.encode() not in stored
    assert b"pbkdf2" not in stored
    assert b"argon2" not in stored


def test_a_role_given_is_seen_at_the_next_request(client: Client, resident: User) -> None:
    client.force_login(resident)
    assert not back_office_link(client)
    resident.role = Role.MANAGER
    resident.save()
    assert back_office_link(client)


def test_joining_a_service_is_seen_at_the_next_request(
    client: Client, resident: User, organization: object
) -> None:
    client.force_login(resident)
    assert not back_office_link(client)
    service = ServiceFactory(organization=organization, name="Voirie")
    service.members.add(resident)
    assert back_office_link(client)
    service.members.remove(resident)
    assert not back_office_link(client)
    resident.services.add(service)
    assert back_office_link(client)
    service.delete()
    assert not back_office_link(client)


def test_a_deactivated_account_is_logged_out_at_the_next_request(
    client: Client, resident: User
) -> None:
    client.force_login(resident)
    assert client.get("/accounts/profile/").status_code == 200
    resident.is_active = False
    resident.save()
    assert client.get("/accounts/profile/").status_code == 302


def test_a_password_changed_elsewhere_ends_the_other_sessions(
    client: Client, resident: User
) -> None:
    client.force_login(resident)
    assert client.get("/accounts/profile/").status_code == 200
    resident.set_password("un autre mot de passe très long")
    resident.save()
    assert client.get("/accounts/profile/").status_code == 302


def test_the_password_of_a_cached_user_is_read_when_needed(client: Client, resident: User) -> None:
    client.force_login(resident)
    client.get("/")
    response = client.get("/")
    user = response.wsgi_request.user
    assert isinstance(user, User)
    assert user.check_password("x") is False  # the deferred password is read, not empty
    assert user.password == User.objects.get(pk=resident.pk).password


def test_an_update_that_says_so_is_seen_at_the_next_request(client: Client, resident: User) -> None:
    client.force_login(resident)
    client.get("/")
    User.objects.filter(pk=resident.pk).update(display_name="Nouveau Nom")
    user_changed(resident.pk)
    user = client.get("/").wsgi_request.user
    assert isinstance(user, User)
    assert user.display_name == "Nouveau Nom"


def test_another_organisations_account_is_not_logged_in_from_the_cache(
    client: Client, other_client: Client, resident: User, other_organization: object
) -> None:
    client.force_login(resident)
    client.get("/")  # cached
    other_client.cookies = client.cookies
    assert not other_client.get("/").wsgi_request.user.is_authenticated


def test_facts_filled_on_a_vote_page_are_seen_at_the_next_request(
    client: Client, resident: User
) -> None:
    from tessera.accounts.services import profile_facts_fill

    resident.year_of_birth = None
    resident.save()
    client.force_login(resident)
    client.get("/")  # cached without a year of birth
    profile_facts_fill(user=User.objects.get(pk=resident.pk), year_of_birth=1980)
    user = client.get("/").wsgi_request.user
    assert isinstance(user, User)
    assert user.year_of_birth == 1980
