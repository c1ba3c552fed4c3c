"""A process with a past, a current and an upcoming step, for the back office's pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import User
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tessera.processes.services import process_dates_refresh
from tests.conftest import HOST
from tests.factories import ProcessFactory, StepFactory


@pytest.fixture
def process(organization: Organization) -> Process:
    return budget(organization)


def budget(organization: Organization) -> Process:
    """A participatory budget: a past presentation, an open collect, an upcoming vote."""
    now = timezone.now().replace(second=0, microsecond=0)  # as the form gives dates
    day = timedelta(days=1)
    process = ProcessFactory(
        organization=organization, title="Budget participatif 2026", slug="budget-2026"
    )
    StepFactory(
        process=process, title="Présentation", starts_at=now - 30 * day, ends_at=now - 10 * day
    )
    StepFactory(
        process=process,
        kind="collect",
        title="Dépôt",
        starts_at=now - 10 * day,
        ends_at=now + 10 * day,
    )
    StepFactory(
        process=process, kind="vote", title="Vote", starts_at=now + 20 * day, ends_at=now + 40 * day
    )
    process_dates_refresh(process=process)
    return process


def client_of(user: User | None) -> Client:
    client = Client(HTTP_HOST=HOST)
    if user is not None:
        client.force_login(user)
    return client
