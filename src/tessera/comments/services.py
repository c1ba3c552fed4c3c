"""Writes on comments: each service is one transaction and keeps the target's count right.

Who may act is asked by the views (`rules.py` permissions); the services still refuse what the
domain never allows (a reply to a reply, an edit after 15 minutes, a closed discussion), so a
task or the API cannot get around them.
"""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.comments import rules
from tessera.comments.contribution_kind import KIND
from tessera.comments.models import BODY_MAX_LENGTH, Comment
from tessera.comments.signals import comment_posted
from tessera.contributions.models import Contribution
from tessera.contributions.selectors import active_ban
from tessera.contributions.services import (
    comments_count_add,
    contribution_create,
    contribution_edited,
    contribution_withdraw,
)
from tessera.core.richtext import render_markdown


class CommentRateLimited(ValidationError):
    """Too many comments in a minute."""


def comment_create(
    *, target: Contribution, author: User, body: str, now: datetime | None = None
) -> Comment:
    """A verified resident comments a contribution whose discussion is open (its kind offers
    comments and its tool says they are open now)."""
    now = now or timezone.now()
    _check_participant(author, target)
    _check_open(target, now)
    text = _clean_body(body)
    _check_rate(author, now)
    with transaction.atomic():
        comment = Comment.objects.create(
            organization_id=target.organization_id,
            contribution=contribution_create(
                kind=KIND, step=target.step, author=author, created_at=now
            ),
            target=target,
            author=author,
            body=text,
            body_html=render_markdown(text),
            created_at=now,
        )
        comments_count_add(contribution_id=target.pk, delta=1)
        transaction.on_commit(lambda: comment_posted.send(sender=Comment, comment=comment))
    return comment


def comment_reply(
    *, parent: Comment, author: User, body: str, now: datetime | None = None
) -> Comment:
    """Reply to a top comment (one level only: a reply to a reply is refused)."""
    now = now or timezone.now()
    target = parent.target
    _check_participant(author, target)
    if parent.parent_id is not None:
        raise ValidationError(
            _("You cannot reply to a reply: answer the comment that opened the discussion."),
            code="reply_to_reply",
        )
    if not rules.may_reply_to(
        parent_is_reply=False, parent_deleted=parent.deleted, parent_hidden=parent.hidden
    ):
        raise ValidationError(_("This comment no longer takes replies."), code="parent_closed")
    _check_open(target, now)
    text = _clean_body(body)
    _check_rate(author, now)
    with transaction.atomic():
        reply = Comment.objects.create(
            organization_id=parent.organization_id,
            contribution=contribution_create(
                kind=KIND, step=target.step, author=author, created_at=now
            ),
            target=target,
            parent=parent,
            author=author,
            body=text,
            body_html=render_markdown(text),
            created_at=now,
        )
        comments_count_add(contribution_id=target.pk, delta=1)
        transaction.on_commit(lambda: comment_posted.send(sender=Comment, comment=reply))
    return reply


def comment_edit(
    *, comment: Comment, editor: User, body: str, now: datetime | None = None
) -> Comment:
    """The author corrects their comment, within 15 minutes of writing it."""
    now = now or timezone.now()
    if comment.author_id != editor.pk or comment.deleted:
        raise PermissionDenied
    refusal = comment_edit_refusal(comment=comment, now=now)
    if refusal is not None:
        raise refusal
    text = _clean_body(body)
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(
            body=text, body_html=render_markdown(text), edited_at=now
        )
        contribution_edited(contribution=comment.contribution, at=now)
    comment.body, comment.body_html, comment.edited_at = text, render_markdown(text), now
    return comment


def comment_edit_refusal(*, comment: Comment, now: datetime) -> ValidationError | None:
    """Why the author may no longer edit this comment, in their words; None if they may."""
    if not rules.edit_window_open(created_at=comment.created_at, now=now):
        minutes = int(rules.EDIT_WINDOW.total_seconds() // 60)
        return ValidationError(
            _(
                "A comment can be edited only during the %(minutes)s minutes after it is "
                "posted: that time has passed. You can still delete it."
            ),
            params={"minutes": minutes},
            code="edit_window",
        )
    if comment.hidden:
        return ValidationError(_("A hidden comment cannot be edited."), code="hidden")
    return None


def comment_delete(*, comment: Comment, user: User) -> None:
    """The author deletes their comment.

    A comment others replied to stays as a placeholder ("deleted by its author", text erased)
    so the replies keep their context; otherwise the row goes, and a placeholder left without
    replies goes with its last reply.
    """
    if comment.author_id != user.pk or comment.deleted:
        raise PermissionDenied
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.deleted:
            return
        if locked.replies.exists():
            Comment.objects.filter(pk=locked.pk).update(deleted=True, body="", body_html="")
            comment.deleted, comment.body, comment.body_html = True, "", ""
            contribution_withdraw(contribution=comment.contribution)
        else:
            # The contribution owns the comment: deleting it deletes the comment.
            Contribution.objects.filter(pk=locked.contribution_id).delete()
            parent_id = locked.parent_id
            if parent_id is not None:
                Contribution.objects.filter(
                    comment__pk=parent_id, comment__deleted=True, comment__replies__isnull=True
                ).delete()
        comments_count_add(contribution_id=comment.target_id, delta=-1)


def _clean_body(body: str) -> str:
    text = body.strip()
    if not text:
        raise ValidationError(_("Write your comment before sending it."), code="empty")
    if len(text) > BODY_MAX_LENGTH:
        raise ValidationError(
            _("A comment is at most %(limit)s characters long (this one has %(length)s)."),
            params={"limit": BODY_MAX_LENGTH, "length": len(text)},
            code="too_long",
        )
    return text


def _check_participant(user: User, target: Contribution) -> None:
    if not (user.is_active and user.email_verified):
        raise PermissionDenied
    if user.organization_id != target.organization_id:
        raise PermissionDenied
    if active_ban(user) is not None:
        raise PermissionDenied


def _check_open(target: Contribution, now: datetime) -> None:
    if not rules.takes_comments_now(target, now):
        raise ValidationError(
            _("This contribution does not take comments at the moment."), code="closed"
        )


def _check_rate(user: User, now: datetime) -> None:
    """At most RATE_LIMIT comments a minute per person, counted in the shared cache."""
    window = int(now.timestamp()) // rules.RATE_PERIOD_SECONDS
    key = f"comments:rate:{user.organization_id}:{user.pk}:{window}"
    cache.add(key, 0, timeout=rules.RATE_PERIOD_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rules.RATE_PERIOD_SECONDS * 2)
        count = 1
    if rules.rate_limit_exceeded(count_in_period=count):
        raise CommentRateLimited(
            _("You are commenting very fast: wait a minute before sending another comment."),
            code="rate",
        )
