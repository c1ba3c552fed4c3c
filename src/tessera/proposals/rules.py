"""Who may do what with proposals (django-rules predicates; see docs/architecture.md).

Asked as `user.has_perm("proposals.<action>", object)`: the object is the collect step for
`submit`, the proposal for everything else.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import rules
from django.utils import timezone

from tessera.accounts.rules import (
    is_analyst,
    is_moderator,
    is_process_manager,
    is_same_organization,
    is_verified_resident,
)
from tessera.contributions.rules import is_not_banned
from tessera.processes.rules import can_view_process
from tessera.processes.timeline import Phase
from tessera.proposals.statuses import ProposalStatus

COLLECT = "collect"


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


def proposal_takes_comments(proposal: Any, now: datetime) -> bool:
    """The proposal kind's `comments_open` hook (contributions.kinds): the pure rule, asked."""
    step = proposal.step
    return comments_open(
        step_starts_at=step.starts_at,
        step_ends_at=step.ends_at,
        process_ends_at=step.process.ends_at,
        proposal_status=proposal.status,
        proposal_hidden=proposal.hidden,
        now=now,
    )


def _collect_is_open(step: Any) -> bool:
    return step is not None and step.kind == COLLECT and step.phase() is Phase.CURRENT


@rules.predicate
def step_is_open_collect(user: Any, step: Any) -> bool:
    """The step is a collect step running now."""
    return _collect_is_open(step)


@rules.predicate
def step_process_is_visible(user: Any, step: Any) -> bool:
    return step is not None and bool(can_view_process.test(user, step.process))


@rules.predicate
def is_author(user: Any, proposal: Any) -> bool:
    return bool(user.is_authenticated and proposal is not None and proposal.author_id == user.pk)


@rules.predicate
def collect_is_open(user: Any, proposal: Any) -> bool:
    """The proposal's collect step is running now."""
    return proposal is not None and _collect_is_open(proposal.step)


@rules.predicate
def revision_requested(user: Any, proposal: Any) -> bool:
    """The analysis asked the author to revise the proposal, and the deadline has not passed."""
    until = getattr(proposal, "author_may_edit_until", None)
    return until is not None and timezone.now() < until


@rules.predicate
def is_withdrawn(user: Any, proposal: Any) -> bool:
    return proposal is not None and proposal.status == ProposalStatus.WITHDRAWN


@rules.predicate
def is_undecided(user: Any, proposal: Any) -> bool:
    """Not yet judged: the author may still take it back."""
    return proposal is not None and proposal.status in {
        ProposalStatus.PUBLISHED,
        ProposalStatus.UNDER_ANALYSIS,
    }


@rules.predicate
def is_hidden(user: Any, proposal: Any) -> bool:
    return proposal is not None and proposal.hidden


@rules.predicate
def supports_enabled(user: Any, proposal: Any) -> bool:
    from tessera.proposals.selectors import collect_settings_for

    return proposal is not None and collect_settings_for(proposal.step).supports_enabled


@rules.predicate
def author_reachable(user: Any, proposal: Any) -> bool:
    author = getattr(proposal, "author", None)
    return author is not None and author.is_active and author.deleted_at is None


manages = is_same_organization & is_process_manager

can_submit = (
    is_verified_resident
    & is_same_organization
    & is_not_banned
    & step_is_open_collect
    & step_process_is_visible
)
can_edit = manages | (
    is_author & ~is_withdrawn & ~is_hidden & (collect_is_open | revision_requested)
)
can_withdraw = manages | (is_author & is_undecided & collect_is_open)
can_view_hidden = (is_same_organization & is_moderator) | is_author
can_view_revisions = is_same_organization & (is_moderator | is_analyst)
can_contact_author = author_reachable & ~is_author & ~is_withdrawn & ~is_hidden

rules.add_perm("proposals.submit", can_submit)
rules.add_perm("proposals.change_proposal", can_edit)
rules.add_perm("proposals.withdraw_proposal", can_withdraw)
rules.add_perm("proposals.view_hidden_proposal", can_view_hidden)
rules.add_perm("proposals.view_revisions", can_view_revisions)
rules.add_perm("proposals.contact_author", can_contact_author)
rules.add_perm("proposals.change_status", manages)
rules.add_perm("proposals.hide_proposal", is_same_organization & is_moderator)

# The Django admin: moderators and above see proposals; process managers configure steps.
for _model in ("proposal", "collectsettings", "proposalstatuschange"):
    rules.add_perm(f"proposals.view_{_model}", is_same_organization & is_moderator)
for _action in ("add", "change", "delete"):
    rules.add_perm(f"proposals.{_action}_collectsettings", manages)
rules.add_perm("proposals.delete_proposal", manages)
