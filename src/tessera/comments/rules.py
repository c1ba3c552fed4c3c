"""Who may do what with comments, and the pure rules behind it (see docs/architecture.md).

The pure functions take plain values (times are passed in) and are tested directly; the
django-rules predicates below ask them with the current time. Asked as
`user.has_perm("comments.<action>", object)`: the commented `Contribution` for
`add_comment`, the comment for everything else. Whether a contribution takes comments is its
kind's: the `comment` feature of the registry, and the kind's `comments_open` hook (its step
and phase). Reporting and moderating are contributions' (`contributions.report`…).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import rules
from django.utils import timezone

from tessera.accounts.rules import (
    is_moderator,
    is_same_organization,
    is_verified_resident,
)
from tessera.contributions import kinds
from tessera.contributions.models import ContributionState
from tessera.contributions.rules import is_not_banned

EDIT_WINDOW = timedelta(minutes=15)
RATE_LIMIT = 10  # comments and replies per user
RATE_PERIOD_SECONDS = 60


# Pure rules ---------------------------------------------------------------------------------


def edit_window_open(*, created_at: datetime, now: datetime) -> bool:
    """The author may still edit: less than 15 minutes since the comment was written."""
    return now - created_at < EDIT_WINDOW


def comments_allowed(*, offers_comments: bool, state: str, tool_open: bool) -> bool:
    """A contribution takes new comments: its kind offers them, it is published (neither
    hidden nor withdrawn) and its tool's own rule (step, phase) says the discussion is open."""
    return offers_comments and state == ContributionState.PUBLISHED and tool_open


def may_reply_to(*, parent_is_reply: bool, parent_deleted: bool, parent_hidden: bool) -> bool:
    """One level of replies only, and only to a comment that is still shown."""
    return not (parent_is_reply or parent_deleted or parent_hidden)


def rate_limit_exceeded(*, count_in_period: int) -> bool:
    """`count_in_period` includes the comment being written."""
    return count_in_period > RATE_LIMIT


# Predicates ---------------------------------------------------------------------------------


def takes_comments_now(contribution: Any, now: datetime) -> bool:
    """The contribution takes new comments at `now` (the kind's feature and hook, its state)."""
    kind = kinds.get(contribution.kind)
    offers = kind.offers(kinds.Feature.COMMENT)
    return comments_allowed(
        offers_comments=offers,
        state=contribution.state,
        tool_open=offers and kind.comments_open(contribution.owner, now),
    )


@rules.predicate
def target_takes_comments(user: Any, contribution: Any) -> bool:
    return contribution is not None and takes_comments_now(contribution, timezone.now())


@rules.predicate
def comment_target_takes_comments(user: Any, comment: Any) -> bool:
    return comment is not None and takes_comments_now(comment.target, timezone.now())


@rules.predicate
def is_comment_author(user: Any, comment: Any) -> bool:
    return bool(user.is_authenticated and comment is not None and comment.author_id == user.pk)


@rules.predicate
def is_deleted(user: Any, comment: Any) -> bool:
    return comment is not None and comment.deleted


@rules.predicate
def is_hidden(user: Any, comment: Any) -> bool:
    return comment is not None and comment.hidden


@rules.predicate
def is_reply(user: Any, comment: Any) -> bool:
    return comment is not None and comment.parent_id is not None


@rules.predicate
def within_edit_window(user: Any, comment: Any) -> bool:
    return comment is not None and edit_window_open(
        created_at=comment.created_at, now=timezone.now()
    )


participates = is_verified_resident & is_same_organization & is_not_banned
can_add = participates & target_takes_comments
can_reply = participates & comment_target_takes_comments & ~is_deleted & ~is_hidden
can_change = is_comment_author & within_edit_window & ~is_deleted & ~is_hidden
can_delete = is_comment_author & ~is_deleted
moderates = is_same_organization & is_moderator

rules.add_perm("comments.add_comment", can_add)
rules.add_perm("comments.reply_comment", can_reply)
rules.add_perm("comments.change_comment", can_change)
rules.add_perm("comments.delete_comment", can_delete)
rules.add_perm("comments.view_hidden_comment", moderates | is_comment_author)
