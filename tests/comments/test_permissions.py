"""Role × action matrix of comments, walked before, during and after the collect step,
and through the 15 minutes an author has to edit a comment."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tessera.accounts.models import User
from tessera.comments.models import Comment
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tessera.proposals.models import Proposal
from tests.comments.conftest import collect_step_in, make_comment
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "resident",
    "unverified_resident",
    "comment_author",
    "analyst",
    "moderator",
    "manager",
    "admin",
    "other_organization_admin",
]
ACTIONS = [
    "add_comment",
    "reply_comment",
    "change_comment",
    "delete_comment",
    "contributions.report",  # comments are contributions: reported like proposals
    "view_hidden_comment",
    "contributions.moderate",
]

# A row per persona, in the order of ACTIONS.
DURING = {
    "anonymous":                (0, 0, 0, 0, 0, 0, 0),
    "resident":                 (1, 1, 0, 0, 1, 0, 0),
    "unverified_resident":      (0, 0, 0, 0, 0, 0, 0),
    "comment_author":           (1, 1, 1, 1, 0, 1, 0),
    "analyst":                  (1, 1, 0, 0, 1, 0, 0),
    "moderator":                (1, 1, 0, 0, 1, 1, 1),
    "manager":                  (1, 1, 0, 0, 1, 1, 1),
    "admin":                    (1, 1, 0, 0, 1, 1, 1),
    "other_organization_admin": (0, 0, 0, 0, 0, 0, 0),
}  # fmt: skip
# Before the collect and after the process: nobody writes; reports and moderation go on.
OUTSIDE = {name: (0, 0, *row[2:]) for name, row in DURING.items()}
EXPECTED = {"before": OUTSIDE, "during": DURING, "after": OUTSIDE}


def persona(name: str, request: pytest.FixtureRequest) -> object:
    if name == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(name)


def ask(user: Any, action: str, comment: Comment, organization: Organization) -> bool:
    """The permission as the pages ask it: on the commented contribution, the organisation,
    the comment or its contribution."""
    if action == "add_comment":
        return bool(user.has_perm("comments.add_comment", comment.target))
    if action == "contributions.moderate":
        return bool(user.has_perm(action, organization))
    if "." in action:
        return bool(user.has_perm(action, comment.contribution))
    return bool(user.has_perm(f"comments.{action}", comment))


@pytest.mark.parametrize("phase", ["before", "during", "after"])
@pytest.mark.parametrize("name", PERSONAS)
def test_each_role_may_do_exactly_what_the_matrix_says(
    name: str,
    phase: str,
    request: pytest.FixtureRequest,
    organization: Organization,
    process: Process,
    comment_author: User,
) -> None:
    proposal = ProposalFactory(step=collect_step_in(process, phase))
    comment = make_comment(proposal, comment_author)
    user = persona(name, request)
    got = tuple(int(ask(user, action, comment, organization)) for action in ACTIONS)
    assert dict(zip(ACTIONS, got, strict=True)) == dict(
        zip(ACTIONS, EXPECTED[phase][name], strict=True)
    )


@pytest.mark.parametrize(
    ("minutes", "may_edit"), [(0, True), (10, True), (14, True), (15, False), (16, False)]
)
def test_the_author_edits_for_15_minutes_then_only_deletes(
    minutes: int, may_edit: bool, proposal: Proposal, comment_author: User, resident: User
) -> None:
    comment = make_comment(
        proposal,
        comment_author,
        created_at=timezone.now() - timedelta(minutes=minutes, seconds=1 if minutes else 0),
    )
    assert comment_author.has_perm("comments.change_comment", comment) is may_edit
    assert comment_author.has_perm("comments.delete_comment", comment)
    assert not resident.has_perm("comments.change_comment", comment)


def test_a_hidden_or_deleted_comment_is_neither_edited_nor_answered(
    proposal: Proposal, comment_author: User, resident: User
) -> None:
    hidden = make_comment(proposal, comment_author, state="hidden", hidden_reason="Hors sujet")
    deleted = make_comment(proposal, comment_author, deleted=True)
    assert not comment_author.has_perm("comments.change_comment", hidden)
    assert not resident.has_perm("comments.reply_comment", hidden)
    assert not comment_author.has_perm("comments.delete_comment", deleted)
    assert not resident.has_perm("comments.reply_comment", deleted)
    assert not resident.has_perm("contributions.report", deleted.contribution)


def test_a_withdrawn_or_hidden_proposal_takes_no_comment(
    proposal: Proposal, resident: User
) -> None:
    proposal.contribution.state = "hidden"
    assert not resident.has_perm("comments.add_comment", proposal.contribution)
    proposal.contribution.state, proposal.status = "published", "withdrawn"
    assert not resident.has_perm("comments.add_comment", proposal.contribution)


def test_comments_stay_open_after_the_collect_until_the_process_ends(
    process: Process, resident: User
) -> None:
    proposal = ProposalFactory(step=collect_step_in(process, "after"))
    assert not resident.has_perm("comments.add_comment", proposal.contribution)
    process.ends_at = timezone.now() + timedelta(days=30)
    proposal.step.process = process
    assert resident.has_perm("comments.add_comment", proposal.contribution)
