"""A budget process: a past collect step with eligible proposals, then a vote step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tessera.accounts.models import User
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.proposals.statuses import ProposalStatus
from tessera.voting.models import VoteSettings
from tests.factories import DistrictFactory, ProcessFactory, ThemeFactory
from tests.proposals.factories import CollectStepFactory, ProposalFactory
from tests.voting.factories import VoteSettingsFactory, VoteStepFactory

PHASES = {"before": (5, 10), "during": (-5, 5), "after": (-10, -5)}


@pytest.fixture
def process(organization: Organization) -> Process:
    return ProcessFactory(organization=organization, slug="budget", title="Budget 2026")


@pytest.fixture
def theme(organization: Organization) -> Theme:
    return ThemeFactory(organization=organization, name="Nature en ville", slug="nature")


@pytest.fixture
def district(organization: Organization) -> District:
    return DistrictFactory(organization=organization, name="La Gare", slug="la-gare")


@pytest.fixture
def collect_step(process: Process) -> Step:
    now = timezone.now()
    return CollectStepFactory(
        process=process, starts_at=now - timedelta(days=60), ends_at=now - timedelta(days=30)
    )


def vote_step_in(process: Process, phase: str, **settings: object) -> Step:
    start, end = PHASES[phase]
    now = timezone.now()
    step = VoteStepFactory(
        process=process, starts_at=now + timedelta(days=start), ends_at=now + timedelta(days=end)
    )
    VoteSettingsFactory(step=step, **settings)
    return step


@pytest.fixture
def vote_step(process: Process) -> Step:
    """A budget vote running now: 100 000 €, at least one choice."""
    return vote_step_in(process, "during")


def settings_of(step: Step) -> VoteSettings:
    return VoteSettings.objects.get(step=step)


def eligible(collect_step: Step, theme: Theme, cost: int, **fields: object) -> Proposal:
    return ProposalFactory(
        step=collect_step,
        theme=theme,
        estimated_cost=cost,
        status=ProposalStatus.ELIGIBLE,
        **fields,
    )


@pytest.fixture
def proposals(collect_step: Step, theme: Theme) -> list[Proposal]:
    """Four eligible proposals: 60 000, 30 000, 20 000 and 10 000 €."""
    return [
        eligible(collect_step, theme, cost, title=f"Projet à {cost} euros")
        for cost in (60_000, 30_000, 20_000, 10_000)
    ]


def vote_url(step: Step, name: str = "") -> str:
    base = f"/processes/{step.process.slug}/steps/{step.pk}/vote/"
    return base + (f"{name}/" if name else "")


@pytest.fixture
def voter(resident: User) -> User:
    return resident
