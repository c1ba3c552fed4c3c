"""Who may do what in the analysis back office (django-rules; see docs/analysis.md).

Asked as `user.has_perm("analysis.<action>", object)`; the object is the process for the
table-wide actions, the proposal for the analysis page, the assignment for one service's
analysis.

- Analysts (members of a service) see the proposals assigned to their services, and see and
  edit only their own services' analyses: an analyst of another service sees neither.
- Moderators (and above) read everything, read-only: the table, every analysis, the internal
  comments and the exports (they are staff; exports hold the authors' e-mail addresses, so
  analysts, who may be plain residents by role, do not export).
- Process managers (and administrators) do everything: assign, change statuses, edit any
  analysis, ask the author for a revision, decide.
- Residents, authors included, never see anything here: internal notes stay internal.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import rules

from tessera.accounts.rules import (
    is_analyst,
    is_moderator,
    is_process_manager,
    is_same_organization,
)
from tessera.proposals.statuses import ProposalStatus

# A revision makes sense while the proposal is studied; a decision while eligibility is open.
UNDER_REVIEW = frozenset({ProposalStatus.PUBLISHED, ProposalStatus.UNDER_ANALYSIS})
DECIDABLE = UNDER_REVIEW | {ProposalStatus.ELIGIBLE, ProposalStatus.INELIGIBLE}


def is_overdue(due_date: date | None, submitted_at: datetime | None, today: date) -> bool:
    """An analysis is overdue when its due date has passed and it is not submitted yet."""
    return due_date is not None and submitted_at is None and due_date < today


def service_ids_of(user: Any) -> frozenset[int]:
    """The services the user belongs to, read once per user object (one query per request)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_analysis_service_ids", None)
    if cached is None:
        cached = frozenset(user.services.values_list("pk", flat=True))
        user._analysis_service_ids = cached
    return cached


def assigned_service_ids(proposal: Any) -> frozenset[int]:
    """The services a proposal is assigned to; uses prefetched assignments when there are."""
    if "assignments" in getattr(proposal, "_prefetched_objects_cache", {}):
        return frozenset(assignment.service_id for assignment in proposal.assignments.all())
    from tessera.analysis.models import Assignment

    return frozenset(
        Assignment.objects.filter(proposal=proposal).values_list("service_id", flat=True)
    )


@rules.predicate
def is_assigned_analyst(user: Any, proposal: Any) -> bool:
    """The user belongs to one of the services the proposal is assigned to."""
    if proposal is None:
        return False
    mine = service_ids_of(user)
    return bool(mine) and bool(mine & assigned_service_ids(proposal))


@rules.predicate
def is_member_of_the_service(user: Any, assignment: Any) -> bool:
    """The user belongs to the service of this assignment."""
    return assignment is not None and assignment.service_id in service_ids_of(user)


@rules.predicate
def is_under_review(user: Any, proposal: Any) -> bool:
    return proposal is not None and proposal.status in UNDER_REVIEW


@rules.predicate
def is_decidable(user: Any, proposal: Any) -> bool:
    return proposal is not None and proposal.status in DECIDABLE


manages = is_same_organization & is_process_manager
reads_everything = is_same_organization & is_moderator
works_on_it = is_same_organization & is_assigned_analyst

can_view_table = reads_everything | (is_same_organization & is_analyst)
can_view_proposal = reads_everything | works_on_it
can_view_analysis = reads_everything | (is_same_organization & is_member_of_the_service)
can_change_analysis = manages | (is_same_organization & is_member_of_the_service)

rules.add_perm("analysis.view_table", can_view_table)
rules.add_perm("analysis.export", reads_everything)
rules.add_perm("analysis.assign", manages)
rules.add_perm("analysis.change_status", manages)
rules.add_perm("analysis.view_proposal", can_view_proposal)
rules.add_perm("analysis.view_analysis", can_view_analysis)
rules.add_perm("analysis.change_analysis", can_change_analysis)
rules.add_perm("analysis.view_internal_comments", can_view_proposal)
rules.add_perm("analysis.add_internal_comment", manages | works_on_it)
rules.add_perm("analysis.request_revision", manages & is_under_review)
rules.add_perm("analysis.decide", manages & is_decidable)

# The Django admin: process managers keep each process's list of ineligibility reasons.
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"analysis.{_action}_ineligibilityreason", manages)
