"""The demo's discussions: realistic, French, and loaded once however often the command runs."""

from __future__ import annotations

import pytest

from tessera.accounts.models import Role
from tessera.comments.models import Comment
from tessera.organizations.models import Organization
from tessera.processes.models import Step
from tessera.proposals.demo_comments import load_demo_comments
from tests.conftest import make_user
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_the_demo_adds_threads_with_replies_once(organization: Organization, step: Step) -> None:
    for number in range(3):
        make_user(organization, email=f"habitant{number}@demo.test")
    make_user(organization, Role.MODERATOR)
    proposals = [ProposalFactory(step=step, organization=organization) for _ in range(6)]
    created = load_demo_comments(step=step)
    assert created == Comment.objects.count() > 10
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert Comment.objects.filter(contribution__state="hidden").count() == 1
    assert load_demo_comments(step=step) == 0
    for proposal in proposals:
        proposal.refresh_from_db()
        assert (
            proposal.comments_count == Comment.objects.filter(target=proposal.contribution).count()
        )
