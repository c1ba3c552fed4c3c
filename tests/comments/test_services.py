"""The comment services: one transaction each, the proposal's count kept, rules enforced."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tessera.accounts.models import User
from tessera.accounts.services import account_delete
from tessera.comments.models import Comment, CommentReport, ModerationSettings
from tessera.comments.services import (
    CommentRateLimited,
    comment_create,
    comment_delete,
    comment_edit,
    comment_hide,
    comment_reply,
    comment_report_create,
    comment_unhide,
)
from tessera.organizations.models import Organization
from tessera.proposals.models import Proposal
from tests.comments.conftest import make_comment
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def count(proposal: Proposal) -> int:
    proposal.contribution.refresh_from_db(fields=["comments_count"])
    return proposal.comments_count


def test_a_comment_and_a_reply_count_on_the_proposal(proposal: Proposal, resident: User) -> None:
    top = comment_create(proposal=proposal, author=resident, body="  **Oui** <script>x</script> ")
    assert top.body == "**Oui** <script>x</script>"
    assert "<strong>Oui</strong>" in top.body_html
    assert "<script>" not in top.body_html
    reply = comment_reply(parent=top, author=resident, body="Et aussi des arbres.")
    assert reply.parent_id == top.pk
    assert count(proposal) == 2


def test_a_reply_to_a_reply_is_refused(proposal: Proposal, resident: User) -> None:
    top = comment_create(proposal=proposal, author=resident, body="Premier")
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
        comment_create(proposal=proposal, author=resident, body=body)
    assert count(proposal) == 0


def test_an_unverified_or_foreign_account_cannot_comment(
    proposal: Proposal, unverified_resident: User, other_organization_admin: User
) -> None:
    for user in (unverified_resident, other_organization_admin):
        with pytest.raises(PermissionDenied):
            comment_create(proposal=proposal, author=user, body="Bonjour")


def test_a_closed_discussion_refuses_comments(proposal: Proposal, resident: User) -> None:
    later = proposal.step.ends_at + timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        comment_create(proposal=proposal, author=resident, body="Trop tard", now=later)
    assert error.value.code == "closed"


def test_eleven_comments_in_a_minute_are_too_many(proposal: Proposal, resident: User) -> None:
    now = timezone.now().replace(second=0)
    for number in range(10):
        comment_create(proposal=proposal, author=resident, body=f"n°{number}", now=now)
    with pytest.raises(CommentRateLimited):
        comment_create(proposal=proposal, author=resident, body="un de trop", now=now)
    # The next minute is a new window.
    comment_create(
        proposal=proposal, author=resident, body="plus tard", now=now + timedelta(minutes=1)
    )
    assert count(proposal) == 11


def test_the_author_edits_within_15_minutes_only(
    proposal: Proposal, comment_author: User, resident: User
) -> None:
    written = timezone.now()
    comment = comment_create(proposal=proposal, author=comment_author, body="Premiere", now=written)
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
    comment = comment_create(proposal=proposal, author=comment_author, body="À effacer")
    with pytest.raises(PermissionDenied):
        comment_delete(comment=comment, user=resident)
    comment_delete(comment=comment, user=comment_author)
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert count(proposal) == 0


def test_deleting_a_comment_with_replies_keeps_a_placeholder_until_its_last_reply_goes(
    proposal: Proposal, comment_author: User, resident: User
) -> None:
    top = comment_create(proposal=proposal, author=comment_author, body="Sujet")
    reply = comment_reply(parent=top, author=resident, body="Réponse")
    comment_delete(comment=top, user=comment_author)
    top.refresh_from_db()
    assert top.deleted
    assert top.body == top.body_html == ""
    assert count(proposal) == 1
    comment_delete(comment=reply, user=resident)
    assert not Comment.objects.filter(proposal=proposal).exists()
    assert count(proposal) == 0


def test_a_moderator_hides_with_a_public_reason_and_shows_again(
    comment: Comment, moderator: User
) -> None:
    with pytest.raises(ValidationError):
        comment_hide(comment=comment, moderator=moderator, reason="  ")
    comment_hide(comment=comment, moderator=moderator, reason="Propos injurieux")
    comment.refresh_from_db()
    assert (comment.hidden, comment.hidden_reason, comment.hidden_by) == (
        True,
        "Propos injurieux",
        moderator,
    )
    comment_unhide(comment=comment, moderator=moderator)
    comment.refresh_from_db()
    assert (comment.hidden, comment.hidden_reason, comment.hidden_by) == (False, "", None)


def test_a_comment_hides_itself_at_the_third_distinct_reporter(
    organization: Organization, comment: Comment, resident: User
) -> None:
    others = [make_user(organization) for _ in range(2)]
    assert comment_report_create(comment=comment, reporter=resident, reason="abuse")
    assert not comment_report_create(comment=comment, reporter=resident, reason="spam")
    assert comment_report_create(comment=comment, reporter=others[0], reason="abuse")
    comment.refresh_from_db()
    assert not comment.hidden  # two people, the same one twice: still two
    assert comment_report_create(comment=comment, reporter=others[1], reason="abuse")
    comment.refresh_from_db()
    assert comment.hidden
    assert comment.hidden_automatically
    assert "signalements" in comment.hidden_reason
    assert CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).count() == 3


def test_the_threshold_is_the_organisation_setting(
    organization: Organization, comment: Comment, resident: User
) -> None:
    ModerationSettings.objects.create(organization=organization, reports_threshold=1)
    comment_report_create(comment=comment, reporter=resident, reason="spam")
    comment.refresh_from_db()
    assert comment.hidden_automatically


def test_a_deleted_account_leaves_its_comments_anonymous(
    proposal: Proposal, comment_author: User, resident: User
) -> None:
    comment = make_comment(proposal, comment_author, "Je reste")
    other = make_comment(proposal, resident, "Moi aussi")
    comment_report_create(comment=other, reporter=comment_author, reason="spam")
    account_delete(user=comment_author)
    comment.refresh_from_db()
    assert comment.author is None
    assert comment.body == "Je reste"
    assert CommentReport.objects.get(comment=other).reporter is None
