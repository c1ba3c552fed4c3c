"""Reads of comments used by the proposal page, the moderation queue and the services."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from tessera.accounts.models import User
from tessera.comments.models import (
    DEFAULT_REPORTS_THRESHOLD,
    Comment,
    CommentReport,
    ModerationSettings,
)
from tessera.contributions.models import ContributionState
from tessera.proposals.models import Proposal, Report

COMMENTS_PER_PAGE = 20


def reports_threshold_for(organization_id: int) -> int:
    """N: how many different people must report content before it is hidden."""
    threshold = (
        ModerationSettings.objects.filter(organization_id=organization_id)
        .values_list("reports_threshold", flat=True)
        .first()
    )
    return threshold or DEFAULT_REPORTS_THRESHOLD


def top_comments(proposal: Proposal) -> QuerySet[Comment]:
    return Comment.objects.filter(proposal=proposal, parent__isnull=True).order_by(
        "-created_at", "-pk"
    )


def comments_page(proposal: Proposal, number: str | None) -> Page[Comment]:
    """A page of top comments, newest first, each with its replies (oldest first) loaded.

    Four queries whatever the number of comments: the count, the page, all replies of the
    page, and their authors by primary key. The authors are read apart, not joined: a join
    lets PostgreSQL hash the whole users table for twenty comments. Every comment gets the
    proposal already in memory (no query per comment).
    """
    paginator = Paginator(top_comments(proposal), COMMENTS_PER_PAGE)
    page = paginator.get_page(number)
    comments = list(page.object_list)
    replies: dict[int, list[Comment]] = {comment.pk: [] for comment in comments}
    reply_rows = (
        list(Comment.objects.filter(parent_id__in=list(replies)).order_by("created_at", "pk"))
        if comments
        else []
    )
    _authors_attach([*comments, *reply_rows])
    for reply in reply_rows:
        reply.proposal = proposal
        assert reply.parent_id is not None
        replies[reply.parent_id].append(reply)
    for comment in comments:
        comment.proposal = proposal
        comment.reply_list = replies[comment.pk]  # type: ignore[attr-defined]
    page.object_list = comments
    return page


def _authors_attach(comments: list[Comment]) -> None:
    """Give each comment its author, read in one query by primary key."""
    ids = {comment.author_id for comment in comments if comment.author_id is not None}
    authors = User.objects.in_bulk(ids) if ids else {}
    for comment in comments:
        comment.author = authors.get(comment.author_id) if comment.author_id else None


def page_number_of(comment: Comment) -> int:
    """The page of the proposal's comments where this comment (or its thread) is shown."""
    top = comment.parent if comment.parent_id else comment
    assert top is not None
    newer = (
        top_comments(comment.proposal)
        .filter(Q(created_at__gt=top.created_at) | Q(created_at=top.created_at, pk__gt=top.pk))
        .count()
    )
    return newer // COMMENTS_PER_PAGE + 1


def open_comment_reports_count(comment: Comment) -> int:
    """Different people with an unreviewed report (one report per person: a constraint)."""
    return CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).count()


def open_proposal_reports_count(proposal: Proposal) -> int:
    return Report.objects.filter(proposal=proposal, resolved_at__isnull=True).count()


@dataclass(frozen=True)
class ModerationQueue:
    comments: list[Comment]
    proposals: list[Proposal]


QUEUE_LIMIT = 100


@dataclass(frozen=True)
class QueueFilters:
    """What the moderator narrows the queue to: a kind, a process, a state (None: all)."""

    kind: str | None = None  # "proposal" or "comment"
    process_id: int | None = None
    hidden: bool | None = None


def moderation_queue(filters: QueueFilters = QueueFilters()) -> ModerationQueue:
    """Reported content awaiting review, most reported first (within the current scope).

    Each item carries `open_reports` (a count) and `open_report_list` (the reports).
    """
    # An EXISTS, not a join on reports: `reports__resolved_at__isnull` is a LEFT JOIN that is
    # also true of content never reported (its NULL row), which used to fill the queue.
    open_reports = Q(reports__resolved_at__isnull=True)
    comments = _comments_narrowed(
        Comment.objects.filter(
            Exists(CommentReport.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True))
        )
        .annotate(open_reports=Count("reports", filter=open_reports, distinct=True))
        .select_related("author", "proposal__contribution", "proposal__step__process")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=CommentReport.objects.filter(resolved_at__isnull=True),
                to_attr="open_report_list",
            )
        )
        .order_by("-open_reports", "-created_at"),
        filters,
    )
    proposals = _proposals_narrowed(
        Proposal.objects.filter(
            Exists(Report.objects.filter(proposal=OuterRef("pk"), resolved_at__isnull=True))
        )
        .annotate(open_reports=Count("reports", filter=open_reports, distinct=True))
        .select_related("contribution", "step__process", "author")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.filter(resolved_at__isnull=True),
                to_attr="open_report_list",
            )
        )
        .order_by("-open_reports", "-created_at"),
        filters,
    )
    return ModerationQueue(comments=comments, proposals=proposals)


def _comments_narrowed(queryset: QuerySet[Comment], filters: QueueFilters) -> list[Comment]:
    if filters.kind not in {None, "comment"}:
        return []
    if filters.process_id is not None:
        queryset = queryset.filter(proposal__step__process_id=filters.process_id)
    if filters.hidden is not None:
        queryset = queryset.filter(hidden=filters.hidden)
    return list(queryset[:QUEUE_LIMIT])


def _proposals_narrowed(queryset: QuerySet[Proposal], filters: QueueFilters) -> list[Proposal]:
    if filters.kind not in {None, "proposal"}:
        return []
    if filters.process_id is not None:
        queryset = queryset.filter(step__process_id=filters.process_id)
    if filters.hidden is True:
        queryset = queryset.filter(contribution__state=ContributionState.HIDDEN)
    elif filters.hidden is False:
        queryset = queryset.exclude(contribution__state=ContributionState.HIDDEN)
    return list(queryset[:QUEUE_LIMIT])
