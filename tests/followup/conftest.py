"""A past budget: a collect step, a closed vote with published results, a follow-up step."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tessera.accounts.models import User
from tessera.followup.models import Realisation
from tessera.followup.services import TRACKED_FIELDS
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.proposals.statuses import ProposalStatus
from tessera.voting.models import Results
from tests.factories import DistrictFactory, ProcessFactory, ThemeFactory, UserFactory
from tests.followup.factories import FollowupStepFactory, RealisationFactory
from tests.proposals.factories import CollectStepFactory, ProposalFactory
from tests.voting.factories import VoteStepFactory


def days(number: int) -> datetime:
    return timezone.now() + timedelta(days=number)


@pytest.fixture
def process(organization: Organization) -> Process:
    return ProcessFactory(organization=organization, slug="budget-2025", title="Budget 2025")


@pytest.fixture
def theme(organization: Organization) -> Theme:
    return ThemeFactory(organization=organization, name="Nature en ville", slug="nature")


@pytest.fixture
def district(organization: Organization) -> District:
    return DistrictFactory(organization=organization, name="La Gare", slug="la-gare")


@pytest.fixture
def collect_step(process: Process) -> Step:
    return CollectStepFactory(process=process, starts_at=days(-120), ends_at=days(-90))


@pytest.fixture
def vote_step(process: Process) -> Step:
    return VoteStepFactory(process=process, starts_at=days(-60), ends_at=days(-30))


@pytest.fixture
def followup_step(process: Process) -> Step:
    return FollowupStepFactory(process=process, starts_at=days(-30), ends_at=days(365))


@pytest.fixture
def author(organization: Organization) -> User:
    return UserFactory(organization=organization, display_name="Camille Autrice")


def winner(collect_step: Step, theme: Theme, author: User, **fields: object) -> Proposal:
    fields.setdefault("estimated_cost", 30_000)
    return ProposalFactory(
        step=collect_step, theme=theme, author=author, status=ProposalStatus.WINNER, **fields
    )


@pytest.fixture
def winners(collect_step: Step, theme: Theme, district: District, author: User) -> list[Proposal]:
    """Two winners (one in La Gare, with an address) and a proposal that was not selected."""
    ProposalFactory(
        step=collect_step, theme=theme, author=author, status=ProposalStatus.NOT_SELECTED
    )
    return [
        winner(
            collect_step,
            theme,
            author,
            title="Des arbres fruitiers",
            district=district,
            address="Place de la Gare",
        ),
        winner(collect_step, theme, author, title="Une piste cyclable", estimated_cost=90_000),
    ]


def publish_results(vote_step: Step, scores: dict[int, int]) -> Results:
    """Results as voting.services.results freezes them (only what followup reads)."""
    return Results.objects.create(
        organization=vote_step.organization,
        step=vote_step,
        published_at=vote_step.ends_at,
        rule="greedy",
        tie_break="",
        winners=list(scores),
        figures={
            "scopes": [
                {
                    "district": None,
                    "proposals": [
                        {"id": pk, "score": score, "online": score, "paper": 0, "winner": True}
                        for pk, score in scores.items()
                    ],
                }
            ]
        },
    )


@pytest.fixture
def realisation(followup_step: Step, winners: list[Proposal], vote_step: Step) -> Realisation:
    """The first winner's realisation, its proposal chosen with 412 votes."""
    proposal = winners[0]
    publish_results(vote_step, {proposal.pk: 412, winners[1].pk: 300})
    return RealisationFactory(
        step=followup_step,
        proposal=proposal,
        title=proposal.title,
        district=proposal.district,
        address=proposal.address,
    )


def image_upload(name: str = "photo.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", size, "#2e7d32").save(output, format="PNG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


def values(realisation: Realisation, **changes: object) -> dict[str, object]:
    """The realisation's editable values with some changed (what the edit form sends)."""
    current = {field: getattr(realisation, field) for field in TRACKED_FIELDS}
    return {**current, **changes}
