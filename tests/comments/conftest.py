"""Fixtures of the comments tests: a proposal in a running collect step, and its comments."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tessera.accounts.models import User
from tessera.comments.models import Comment
from tessera.contributions.models import Contribution
from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tests.conftest import make_user
from tests.factories import ProcessFactory
from tests.proposals.factories import CollectStepFactory, ProposalFactory

PHASES = {"before": (5, 10), "during": (-5, 5), "after": (-10, -5)}


@pytest.fixture
def process(organization: Organization) -> Process:
    return ProcessFactory(organization=organization, slug="budget", title="Budget 2026")


def collect_step_in(process: Process, phase: str) -> Step:
    start, end = PHASES[phase]
    now = timezone.now()
    return CollectStepFactory(
        process=process,
        title="Dépôt des idées",
        starts_at=now + timedelta(days=start),
        ends_at=now + timedelta(days=end),
    )


@pytest.fixture
def step(process: Process) -> Step:
    return collect_step_in(process, "during")


@pytest.fixture
def proposal(step: Step) -> Proposal:
    proposal = ProposalFactory(step=step, title="Des bancs à l'ombre")
    return Proposal.objects.select_related("step__process").get(pk=proposal.pk)


@pytest.fixture
def comment_author(organization: Organization) -> User:
    return make_user(organization, display_name="Camille Commente", email="camille@example.org")


CONTRIBUTION_FIELDS = {"state", "hidden_reason", "hidden_automatically", "hidden_at"}


def comment_contribution(
    proposal: Proposal, author: User | None, created_at: datetime | None = None, **fields: Any
) -> Contribution:
    """The contribution a comment on `proposal` owns (kind "comment", the proposal's step)."""
    return Contribution.objects.create(
        organization_id=proposal.organization_id,
        step_id=proposal.step_id,
        kind="comment",
        author=author,
        created_at=created_at or timezone.now(),
        **fields,
    )


def make_comment(
    proposal: Proposal,
    author: User | None,
    body: str = "Bonne idée.",
    parent: Comment | None = None,
    **fields: object,
) -> Comment:
    """A comment row written directly (the services are tested on their own).

    Moderation fields (`state`, `hidden_reason`…) go to its contribution, the others to it.
    """
    moderation = {name: fields.pop(name) for name in list(fields) if name in CONTRIBUTION_FIELDS}
    if fields.get("deleted"):  # a placeholder its author deleted: withdrawn
        moderation.setdefault("state", "withdrawn")
    comment = Comment.objects.create(
        organization_id=proposal.organization_id,
        contribution=comment_contribution(
            proposal,
            author,
            fields.get("created_at"),
            **moderation,  # type: ignore[arg-type]
        ),
        target=proposal.contribution,
        author=author,
        parent=parent,
        body=body,
        body_html=f"<p>{body}</p>",
        **fields,
    )
    comment.target = proposal.contribution
    return comment


@pytest.fixture
def comment(proposal: Proposal, comment_author: User) -> Comment:
    return make_comment(proposal, comment_author, "Il faudrait aussi des arbres.")


def proposal_url(proposal: Proposal) -> str:
    return proposal.get_absolute_url()
