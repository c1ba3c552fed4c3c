"""Who may do what with comments, and the pure rules behind it (see docs/architecture.md).

The pure functions take plain values (times are passed in) and are tested directly; the
django-rules predicates below ask them with the current time. Asked as
`user.has_perm("comments.<action>", object)`: the proposal for `add_comment`, the comment for
everything else. Reporting and moderating are contributions' (`contributions.report`…).
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
from tessera.contributions.rules import is_not_banned
from tessera.proposals.statuses import ProposalStatus

EDIT_WINDOW = timedelta(minutes=15)
RATE_LIMIT = 10  # comments and replies per user
RATE_PERIOD_SECONDS = 60


# Pure rules ---------------------------------------------------------------------------------


def edit_window_open(*, created_at: datetime, now: datetime) -> bool:
    """The author may still edit: less than 15 minutes since the comment was written."""
    return now - created_at < EDIT_WINDOW


def comments_period(
    *, step_starts_at: datetime, step_ends_at: datetime, process_ends_at: datetime | None
) -> tuple[datetime, datetime]:
    """When a proposal may be commented: from its collect step's start until the process ends.

    The discussion goes on through the analysis and the vote; a process whose last step is
    the collect closes comments with the collect.
    """
    closes = max(step_ends_at, process_ends_at) if process_ends_at else step_ends_at
    return step_starts_at, closes


def comments_open(
    *,
    step_starts_at: datetime,
    step_ends_at: datetime,
    process_ends_at: datetime | None,
    proposal_status: str,
    proposal_hidden: bool,
    now: datetime,
) -> bool:
    """A proposal takes new comments: within the period, neither withdrawn nor hidden."""
    if proposal_hidden or proposal_status == ProposalStatus.WITHDRAWN:
        return False
    opens, closes = comments_period(
        step_starts_at=step_starts_at, step_ends_at=step_ends_at, process_ends_at=process_ends_at
    )
    return opens <= now < closes


def may_reply_to(*, parent_is_reply: bool, parent_deleted: bool, parent_hidden: bool) -> bool:
    """One level of replies only, and only to a comment that is still shown."""
    return not (parent_is_reply or parent_deleted or parent_hidden)


def rate_limit_exceeded(*, count_in_period: int) -> bool:
    """`count_in_period` includes the comment being written."""
    return count_in_period > RATE_LIMIT


# Predicates ---------------------------------------------------------------------------------


def _proposal_open(proposal: Any) -> bool:
    step = proposal.step
    return comments_open(
        step_starts_at=step.starts_at,
        step_ends_at=step.ends_at,
        process_ends_at=step.process.ends_at,
        proposal_status=proposal.status,
        proposal_hidden=proposal.hidden,
        now=timezone.now(),
    )


@rules.predicate
def proposal_takes_comments(user: Any, proposal: Any) -> bool:
    return proposal is not None and _proposal_open(proposal)


@rules.predicate
def comment_proposal_takes_comments(user: Any, comment: Any) -> bool:
    return comment is not None and _proposal_open(comment.proposal)


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
can_add = participates & proposal_takes_comments
can_reply = participates & comment_proposal_takes_comments & ~is_deleted & ~is_hidden
can_change = is_comment_author & within_edit_window & ~is_deleted & ~is_hidden
can_delete = is_comment_author & ~is_deleted
moderates = is_same_organization & is_moderator

rules.add_perm("comments.add_comment", can_add)
rules.add_perm("comments.reply_comment", can_reply)
rules.add_perm("comments.change_comment", can_change)
rules.add_perm("comments.delete_comment", can_delete)
rules.add_perm("comments.view_hidden_comment", moderates | is_comment_author)
