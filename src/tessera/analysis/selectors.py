"""Reads of the analysis back office: the proposals table (filters, rows) and the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from tessera.accounts.models import Service, User
from tessera.analysis.models import Assignment, InternalComment, RevisionRequest
from tessera.analysis.rules import reads_everything, service_ids_of
from tessera.organizations.models import District, Theme
from tessera.processes.models import Process
from tessera.proposals.models import Proposal
from tessera.proposals.selectors import proposals_search

NO_DECISION = "none"


@dataclass(frozen=True)
class TableFilters:
    """What the table is filtered by (all optional)."""

    q: str = ""
    status: str = ""
    theme: Theme | None = None
    district: District | None = None
    service: Service | None = None
    analyst: User | None = None
    decision: str = ""
    overdue: bool = False


def proposals_of_process(process: Process) -> QuerySet[Proposal]:
    """Every proposal of the process's collect steps, withdrawn ones included."""
    return Proposal.objects.filter(step__process=process)


def proposals_visible_to(user: Any, process: Process) -> QuerySet[Proposal]:
    """What this user finds in the table: everything for moderators and above, the proposals
    assigned to their services for analysts."""
    proposals = proposals_of_process(process)
    if reads_everything.test(user, process):
        return proposals
    assigned = Assignment.objects.filter(service_id__in=service_ids_of(user))
    return proposals.filter(pk__in=assigned.values("proposal_id"))


def overdue_assignments(today: date) -> QuerySet[Assignment]:
    """Assignments whose due date has passed and whose analysis is not submitted (rules.is_overdue
    as a query)."""
    return Assignment.objects.filter(due_date__lt=today).filter(
        Q(analysis__isnull=True) | Q(analysis__submitted_at__isnull=True)
    )


def proposals_filtered(
    proposals: QuerySet[Proposal], filters: TableFilters, today: date
) -> QuerySet[Proposal]:
    """Apply the table's filters; filters on assignments are subqueries, so no row repeats."""
    proposals = proposals_search(proposals, filters.q)
    if filters.status:
        proposals = proposals.filter(status=filters.status)
    if filters.theme is not None:
        proposals = proposals.filter(theme=filters.theme)
    if filters.district is not None:
        proposals = proposals.filter(district=filters.district)
    if filters.service is not None:
        assigned = Assignment.objects.filter(service=filters.service)
        proposals = proposals.filter(pk__in=assigned.values("proposal_id"))
    if filters.analyst is not None:
        assigned = Assignment.objects.filter(analyst=filters.analyst)
        proposals = proposals.filter(pk__in=assigned.values("proposal_id"))
    if filters.decision == NO_DECISION:
        proposals = proposals.filter(decision__isnull=True)
    elif filters.decision:
        proposals = proposals.filter(decision__outcome=filters.decision)
    if filters.overdue:
        proposals = proposals.filter(pk__in=overdue_assignments(today).values("proposal_id"))
    return proposals


def assignments_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.select_related(
            "service", "analyst", "analysis__ineligibility_reason", "analysis__submitted_by"
        ).order_by("service__name", "pk"),
    )


def table_rows(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """What each row of the table (and of an export) needs, in a fixed number of queries."""
    return (
        proposals.select_related("theme", "district", "author", "decision", "step")
        .prefetch_related(assignments_prefetch())
        .order_by("-created_at", "-pk")
    )


def analysts_of_organization() -> QuerySet[User]:
    """Members of at least one service (the table's "analyst" filter and assignment form)."""
    return User.objects.filter(services__isnull=False, is_active=True).distinct()


def internal_comments_of(proposal: Proposal) -> QuerySet[InternalComment]:
    return proposal.internal_comments.select_related("author").order_by("created_at", "pk")


def revision_requests_of(proposal: Proposal) -> QuerySet[RevisionRequest]:
    return proposal.revision_requests.select_related("requested_by").order_by("-created_at", "-pk")
