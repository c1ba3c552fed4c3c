"""Fixtures of the notifications tests: a process with a collect step and a proposal by its
author, a vote step, and a helper that runs the queued tasks as the worker does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tessera.accounts.models import User
from tessera.notifications.models import Follow
from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tests.conftest import make_user, run_tasks
from tests.factories import ProcessFactory, ThemeFactory
from tests.proposals.factories import CollectStepFactory, ProposalFactory
from tests.voting.factories import VoteSettingsFactory, VoteStepFactory


def make_due() -> None:
    """Time passes: deferred tasks (retries) become due."""
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - timedelta(seconds=1)
    )


@pytest.fixture
def worker() -> Callable[[], int]:
    """Runs the queued tasks that are due (see run_tasks)."""
    return run_tasks


@pytest.fixture
def outbox() -> list[mail.EmailMessage]:
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def process(organization: Organization) -> Process:
    return ProcessFactory(organization=organization, slug="budget", title="Budget 2026")


@pytest.fixture
def collect_step(process: Process) -> Step:
    now = timezone.now()
    return CollectStepFactory(
        process=process,
        title="Dépôt des idées",
        starts_at=now - timedelta(days=5),
        ends_at=now + timedelta(days=5),
    )


@pytest.fixture
def author(organization: Organization) -> User:
    return make_user(organization, display_name="Alix Autrice", email="alix@example.org")


@pytest.fixture
def proposal(collect_step: Step, author: User) -> Proposal:
    theme = ThemeFactory(organization=collect_step.organization)
    return ProposalFactory(
        step=collect_step, author=author, theme=theme, title="Des bancs à l'ombre"
    )


@pytest.fixture
def vote_step(process: Process) -> Step:
    now = timezone.now()
    step = VoteStepFactory(
        process=process,
        title="Vote des habitants",
        starts_at=now - timedelta(days=5),
        ends_at=now + timedelta(hours=20),
    )
    VoteSettingsFactory(step=step)
    return step


def follow(user: User, *, following: bool = True, **target: Any) -> Follow:
    """A follow row; a proposal is followed through its contribution."""
    if "proposal" in target:
        target = {"contribution": target.pop("proposal").contribution}
    return Follow.objects.create(
        organization_id=user.organization_id, user=user, following=following, **target
    )


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
