"""Fixtures of the analysis tests: a budget process whose collect step has closed, a proposal
under analysis assigned to the service "Voirie" (the `analyst` persona's)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tessera.accounts.models import Service, User
from tessera.analysis.models import Assignment, IneligibilityReason
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tests.conftest import make_user
from tests.factories import DistrictFactory, ProcessFactory, ThemeFactory
from tests.proposals.conftest import collect_step_in
from tests.proposals.factories import ProposalFactory


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
def step(process: Process) -> Step:
    """The collect step, closed: the analysis comes after it."""
    return collect_step_in(process, "after")


@pytest.fixture
def author(organization: Organization) -> User:
    return make_user(organization, display_name="Alice Autrice", email="alice@example.org")


@pytest.fixture
def voirie(analyst: User) -> Service:
    return analyst.services.get()


@pytest.fixture
def culture(analyst_of_other_service: User) -> Service:
    return analyst_of_other_service.services.get()


@pytest.fixture
def proposal(step: Step, author: User, theme: Theme) -> Proposal:
    return ProposalFactory(
        step=step, author=author, theme=theme, title="Des bancs à l'ombre", status="under_analysis"
    )


@pytest.fixture
def assignment(proposal: Proposal, voirie: Service, analyst: User) -> Assignment:
    return Assignment.objects.create(
        organization=proposal.organization,
        proposal=proposal,
        service=voirie,
        analyst=analyst,
        due_date=timezone.localdate() + timedelta(days=10),
    )


@pytest.fixture
def reasons(process: Process) -> list[IneligibilityReason]:
    return [
        IneligibilityReason.objects.create(
            organization=process.organization, process=process, label=label, position=index
        )
        for index, label in enumerate(
            ["Hors des compétences de la ville", "Coût de fonctionnement trop élevé"]
        )
    ]


def table_url(process: Process, suffix: str = "") -> str:
    return f"/manage/analysis/processes/{process.slug}/proposals/{suffix}"


def page_url(proposal: Proposal, suffix: str = "") -> str:
    return (
        f"/manage/analysis/processes/{proposal.step.process.slug}/proposals/{proposal.pk}/{suffix}"
    )


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)
