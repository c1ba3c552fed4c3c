"""Comments move from their proposal to the contribution they are about (comments 0007 and
0008), on seeded data, and back.

Counts and links must be equal before and after: every comment and reply keeps its row, its
parent, its own contribution (state, hidden reason, reports) and points at its proposal's
contribution, whose counter does not move.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db.migrations.executor import MigrationExecutor

from tessera.accounts.models import User
from tessera.comments.services import comment_create, comment_delete, comment_reply
from tessera.contributions.moderation import report_create
from tessera.contributions.services import contribution_hide
from tessera.proposals.models import Proposal
from tests.conftest import make_user
from tests.migrations import executor, migrate
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["executor"]  # the fixture

BEFORE = [("comments", "0006_delete_reports_and_settings")]
AFTER = [("comments", "0008_comment_target_required")]
COMMON = ("pk", "organization_id", "parent_id", "contribution_id", "author_id", "body", "deleted")
OWN = ("contribution__state", "contribution__hidden_reason")


def seed(proposals: list[Proposal], people: list[User], moderator: User) -> None:
    """Comments and replies on two proposals: hidden, reported, deleted with replies."""
    for number, proposal in enumerate(proposals):
        for index in range(4):
            top = comment_create(
                target=proposal.contribution, author=people[index], body=f"Avis {number}.{index}"
            )
            comment_reply(parent=top, author=people[index - 1], body=f"Réponse {number}.{index}")
            if index == 1:
                contribution_hide(
                    contribution=top.contribution, moderator=moderator, reason="Injurieux"
                )
            if index == 2:
                report_create(contribution=top.contribution, reporter=people[0], reason="spam")
            if index == 3:
                comment_delete(comment=top, user=people[index])


def snapshot(apps: Any, link: str) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]], int]:
    """The comments with their links, the proposals' counters, the reports."""
    Comment = apps.get_model("comments", "Comment")
    Proposal = apps.get_model("proposals", "Proposal")
    comments = set(Comment.objects.values_list(*COMMON, *OWN, link))
    counters = set(Proposal.objects.values_list("pk", "contribution__comments_count"))
    reports = apps.get_model("contributions", "Report").objects.count()
    return comments, counters, reports


def test_comments_move_from_their_proposal_to_its_contribution_and_back(
    executor: MigrationExecutor, proposal: Proposal, moderator: User
) -> None:
    people = [make_user(proposal.organization) for _ in range(4)]
    seed([proposal, ProposalFactory(step=proposal.step)], people, moderator)
    after = snapshot(migrate(executor, AFTER), "target__proposal__pk")
    assert len(after[0]) == 16
    assert after[2] == 2

    apps = migrate(executor, BEFORE)
    assert snapshot(apps, "proposal_id") == after

    apps = migrate(executor, AFTER)
    assert snapshot(apps, "target__proposal__pk") == after
    Comment = apps.get_model("comments", "Comment")
    assert not Comment.objects.exclude(target__kind="proposal").exists()
