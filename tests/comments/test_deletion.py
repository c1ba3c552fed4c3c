"""Deleting is consistent with ownership: a tool's object owns its contribution, and a
contribution takes the comments about it, each with its own contribution and reports.

So nothing is left behind — no contribution without its proposal or comment (the moderation
queue would list a row without a page), no report of a gone comment — whatever the deletion
starts from: the proposal row alone, a comment row alone, a contribution, a step.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tessera.accounts.models import User
from tessera.comments.models import Comment
from tessera.comments.services import comment_create, comment_reply
from tessera.contributions import kinds
from tessera.contributions.models import Contribution, Report
from tessera.contributions.moderation import report_create
from tessera.proposals.models import Proposal
from tests.comments.conftest import make_comment
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def orphans() -> list[tuple[str, int]]:
    """Contributions whose owner (the tool's object) is gone."""
    return [
        (kind.identifier, pk)
        for kind in kinds.all_kinds()
        for pk in Contribution.objects.filter(
            kind=kind.identifier, **{f"{kind.related_name}__isnull": True}
        ).values_list("pk", flat=True)
    ]


def discussion(proposal: Proposal, resident: User, comment_author: User) -> Comment:
    """A comment with a reply, both reported."""
    top = comment_create(target=proposal.contribution, author=comment_author, body="Sujet")
    reply = comment_reply(parent=top, author=resident, body="Réponse")
    report_create(contribution=top.contribution, reporter=resident, reason="spam")
    report_create(contribution=reply.contribution, reporter=comment_author, reason="abuse")
    return top


def test_a_proposal_deleted_alone_takes_its_contribution_comments_and_their_reports(
    proposal: Proposal, resident: User, comment_author: User
) -> None:
    discussion(proposal, resident, comment_author)
    other = ProposalFactory(step=proposal.step)
    make_comment(other, resident, "Ailleurs")

    Proposal.objects.get(pk=proposal.pk).delete()

    assert not Contribution.objects.filter(pk=proposal.contribution_id).exists()
    assert list(Comment.objects.values_list("body", flat=True)) == ["Ailleurs"]
    assert not Report.objects.exists()
    assert orphans() == []
    assert Contribution.objects.filter(kind="comment").count() == 1


def test_a_comment_row_deleted_alone_takes_its_contribution_and_its_replies(
    proposal: Proposal, resident: User, comment_author: User
) -> None:
    top = discussion(proposal, resident, comment_author)

    Comment.objects.get(pk=top.pk).delete()

    assert not Comment.objects.exists()
    assert not Report.objects.exists()
    assert orphans() == []
    assert list(Contribution.objects.values_list("kind", flat=True)) == ["proposal"]


def test_a_contribution_or_a_step_deleted_leaves_no_orphan(
    proposal: Proposal, resident: User, comment_author: User
) -> None:
    discussion(proposal, resident, comment_author)
    second = ProposalFactory(step=proposal.step)
    discussion(second, resident, comment_author)

    Contribution.objects.filter(pk=proposal.contribution_id).delete()
    assert orphans() == []
    assert Comment.objects.count() == 2

    proposal.step.delete()
    assert not Contribution.objects.exists()
    assert not Comment.objects.exists()


def test_deleting_a_proposal_costs_the_same_queries_whatever_its_number_of_comments(
    step: object, resident: User
) -> None:
    def queries_to_delete(comments: int) -> int:
        proposal = ProposalFactory(step=step)
        for number in range(comments):
            make_comment(proposal, resident, f"Avis {number}")
        with CaptureQueriesContext(connection) as queries:
            Proposal.objects.get(pk=proposal.pk).delete()
        assert orphans() == []
        return len(queries)

    assert queries_to_delete(3) == queries_to_delete(30)
