"""Fixtures every test shares: organisations on their hosts and the personas of STYLE.md."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import django.test.client
import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache, caches
from django.dispatch import Signal
from django.test import Client
from django_scopes import scopes_disabled
from django_scopes.state import state as scope_state
from django_tasks_db.models import DBTaskResult

from tessera.accounts.models import Role, User
from tessera.organizations.models import Organization
from tests.factories import HostFactory, OrganizationFactory, ServiceFactory, UserFactory

HOST = "testserver"
OTHER_HOST = "other.example"
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _unscoped_test_code() -> Iterator[None]:
    """Test code builds data across organisations; requests still run inside their scope."""
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _streamed_bodies_read_outside_the_scope(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server reads a streamed body after the middleware has left the organisation's
    scope: the test client reads it so too, not under the test code's disabled scopes (an
    export that forgets to enter its scope fails here as it would in production). The
    server's scope state is swapped in around each chunk and kept from one to the next."""
    wrap = django.test.client.closing_iterator_wrapper

    def outside_the_scope(iterable: Iterable[bytes], close: Callable[[], None]) -> Any:
        chunks = iter(iterable)
        server: dict[str, Any] = {"_enabled": True}  # a server thread: on, no organisation

        def read() -> Iterator[bytes]:
            nonlocal server
            while True:
                test = scope_state.get()
                scope_state.set(server)
                try:
                    chunk = next(chunks, None)
                finally:
                    server = scope_state.get()
                    scope_state.set(test)
                if chunk is None:
                    return
                yield chunk

        return wrap(read(), close)

    monkeypatch.setattr(django.test.client, "closing_iterator_wrapper", outside_the_scope)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    for each in caches.all():  # the layout's rendered parts too (templates/base.html)
        each.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


@pytest.fixture
def organization(db: None) -> Organization:
    organization = OrganizationFactory(name="Ville de Test", slug="ville-de-test")
    HostFactory(organization=organization, name=HOST, is_primary=True)
    HostFactory(organization=organization, name="localhost", is_primary=False)
    HostFactory(organization=organization, name="127.0.0.1", is_primary=False)
    return organization


@pytest.fixture
def other_organization(db: None) -> Organization:
    organization = OrganizationFactory(name="Autre Ville", slug="autre-ville")
    HostFactory(organization=organization, name=OTHER_HOST, is_primary=True)
    return organization


def make_user(organization: Organization, role: Role = Role.RESIDENT, **fields: object) -> User:
    user = UserFactory(organization=organization, role=role, **fields)
    EmailAddress.objects.create(
        user=user, email=user.email, verified=user.email_verified, primary=True
    )
    return user


@pytest.fixture
def resident(organization: Organization) -> User:
    return make_user(organization, display_name="Rémi Habitant")


@pytest.fixture
def unverified_resident(organization: Organization) -> User:
    return make_user(organization, email_verified=False)


@pytest.fixture
def analyst(organization: Organization) -> User:
    user = make_user(organization, display_name="Anissa Analyste")
    ServiceFactory(organization=organization, name="Voirie").members.add(user)
    return user


@pytest.fixture
def analyst_of_other_service(organization: Organization) -> User:
    user = make_user(organization)
    ServiceFactory(organization=organization, name="Culture").members.add(user)
    return user


@pytest.fixture
def moderator(organization: Organization) -> User:
    return make_user(organization, Role.MODERATOR)


@pytest.fixture
def manager(organization: Organization) -> User:
    return make_user(organization, Role.MANAGER)


@pytest.fixture
def admin(organization: Organization) -> User:
    return make_user(organization, Role.ADMINISTRATOR)


@pytest.fixture
def other_organization_admin(other_organization: Organization) -> User:
    return make_user(other_organization, Role.ADMINISTRATOR)


@pytest.fixture
def other_client() -> Client:
    """A browser on the other organisation's site."""
    return Client(HTTP_HOST=OTHER_HOST)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI, a skipped browser test fails the run: journeys must really have run."""
    import os

    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if not os.environ.get("CI") or reporter is None:
        return
    skipped = [
        report for report in reporter.stats.get("skipped", []) if "browser" in report.keywords
    ]
    if skipped:
        reporter.write_line(f"{len(skipped)} browser test(s) were skipped: failing the CI run.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def heard() -> Iterator[Callable[[Signal], list[dict[str, Any]]]]:
    """Listen to signals for the test; returns the keyword arguments each send carried."""
    connected: list[tuple[Signal, Callable[..., None]]] = []

    def listen(signal: Signal) -> list[dict[str, Any]]:
        calls: list[dict[str, Any]] = []

        def receiver(sender: Any, **kwargs: Any) -> None:
            calls.append(kwargs)

        signal.connect(receiver, weak=False)
        connected.append((signal, receiver))
        return calls

    yield listen
    for signal, receiver in connected:
        signal.disconnect(receiver)


def run_tasks(rounds: int = 10) -> int:
    """Run every task that is due, as `manage.py db_worker` does, rounds after rounds (a task
    may enqueue others); how many ran. Deferred ones (a retry later) stay queued."""
    ran = 0
    for _round in range(rounds):
        ready = list(DBTaskResult.objects.ready().order_by("enqueued_at"))
        if not ready:
            break
        for result in ready:
            result.claim("tests")
            task_result = result.task_result
            try:
                result.task.call(*task_result.args, **task_result.kwargs)
            except Exception as error:
                result.set_failed(error)
            else:
                result.set_successful(None)
            ran += 1
    return ran
