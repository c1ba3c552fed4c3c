"""The comment services: one transaction each, the proposal's count kept, rules enforced."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tessera.accounts.models import User
from tessera.accounts.services import account_delete
from tessera.comments.models import Comment
from tessera.comments.services import (
    CommentRateLimited,
    comment_create,
    comment_delete,
    comment_edit,
    comment_reply,
)
from tessera.contributions.models import Report
from tessera.contributions.moderation import report_create
from tessera.proposals.models import Proposal
from tests.comments.conftest import make_comment

pytestmark = pytest.mark.django_db


def count(proposal: Proposal) -> int:
    proposal.contribution.refresh_from_db(fields=["comments_count"])
    return proposal.comments_count


def test_a_comment_and_a_reply_count_on_the_proposal(proposal: Proposal, resident: User) -> None:
    top = comment_create(
        target=proposal.contribution, author=resident, body="  **Oui** <script>x</script> "
    )
    assert top.body == "**Oui** <script>x</script>"
    assert "<strong>Oui</strong>" in top.body_html
    assert "<script>" not in top.body_html
    reply = comment_reply(parent=top, author=resident, body="Et aussi des arbres.")
    assert reply.parent_id == top.pk
    assert count(proposal) == 2


def test_a_reply_to_a_reply_is_refused(proposal: Proposal, resident: User) -> None:
    top = comment_create(target=proposal.contribution, author=resident, body="Premier")
    reply = comment_reply(parent=top, author=resident, body="Réponse")
    with pytest.raises(ValidationError) as error:
        comment_reply(parent=reply, author=resident, body="Réponse à la réponse")
    assert error.value.code == "reply_to_reply"
    assert count(proposal) == 2


@pytest.mark.parametrize("body", ["", "   \n  ", "x" * 3001])
def test_an_empty_or_too_long_comment_is_refused(
    proposal: Proposal, resident: User, body: str
) -> None:
    with pytest.raises(ValidationError):
        comment_create(target=proposal.contribution, author=resident, body=body)
    assert count(proposal) == 0


def test_an_unverified_or_foreign_account_cannot_comment(
    proposal: Proposal, unverified_resident: User, other_organization_admin: User
) -> None:
    for user in (unverified_resident, other_organization_admin):
        with pytest.raises(PermissionDenied):
            comment_create(target=proposal.contribution, author=user, body="Bonjour")


def test_a_closed_discussion_refuses_comments(proposal: Proposal, resident: User) -> None:
    later = proposal.step.ends_at + timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        comment_create(target=proposal.contribution, author=resident, body="Trop tard", now=later)
    assert error.value.code == "closed"


def test_eleven_comments_in_a_minute_are_too_many(proposal: Proposal, resident: User) -> None:
    now = timezone.now().replace(second=0)
    for number in range(10):
        comment_create(target=proposal.contribution, author=resident, body=f"n°{number}", now=now)
    with pytest.raises(CommentRateLimited):
        comment_create(target=proposal.contribution, author=resident, body="un de trop", now=now)
    # The next minute is a new window.
    later = now + timedelta(minutes=1)
    comment_create(target=proposal.contribution, author=resident, body="plus tard", now=later)
    assert count(proposal) == 11


def test_the_author_edits_within_15_minutes_only(
    proposal: Proposal, comment_author: User, resident: User
) -> None:
    written = timezone.now()
    comment = comment_create(
        target=proposal.contribution, author=comment_author, body="Premiere", now=written
    )
    comment_edit(
        comment=comment, editor=comment_author, body="Première", now=written + timedelta(minutes=14)
    )
    comment.refresh_from_db()
    assert comment.body == "Première"
    assert comment.edited_at is not None
    with pytest.raises(ValidationError) as error:
        comment_edit(
            comment=comment,
            editor=comment_author,
            body="Trop tard",
            now=written + timedelta(minutes=15),
        )
    assert error.value.code == "edit_window"
    with pytest.raises(PermissionDenied):
        comment_edit(comment=comment, editor=resident, body="Pas à moi")
    comment.refresh_from_db()
    assert comment.body == "Première"


def test_deleting_a_comment_without_replies_removes_it(
    proposal: Proposal, comment_author: User, resident: User
) -> None:
    comment = comment_create(target=proposal.contribution, author=comment_author, body="À effacer")
    with pytest.raises(PermissionDenied):
        comment_delete(comment=comment, user=resident)
    comment_delete(comment=comment, user=comment_author)
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert count(proposal) == 0


def test_deleting_a_comment_with_replies_keeps_a_placeholder_until_its_last_reply_goes(
    proposal: Proposal, comment_author: User, resident: User
) -> None:
    top = comment_create(target=proposal.contribution, author=comment_author, body="Sujet")
    reply = comment_reply(parent=top, author=resident, body="Réponse")
    comment_delete(comment=top, user=comment_author)
    top.refresh_from_db()
    assert top.deleted
    assert top.body == top.body_html == ""
    assert count(proposal) == 1
    comment_delete(comment=reply, user=resident)
    assert not Comment.objects.filter(target=proposal.contribution).exists()
    assert count(proposal) == 0


def test_a_deleted_account_leaves_its_comments_anonymous(
    proposal: Proposal, comment_author: User, resident: User
) -> None:
    comment = make_comment(proposal, comment_author, "Je reste")
    other = make_comment(proposal, resident, "Moi aussi")
    report_create(contribution=other.contribution, reporter=comment_author, reason="spam")
    account_delete(user=comment_author)
    comment.refresh_from_db()
    assert comment.author is None
    assert comment.body == "Je reste"
    assert Report.objects.get(contribution=other.contribution).reporter is None
