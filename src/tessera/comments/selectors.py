"""Reads of comments used by the comment section of a contribution's page and the services."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from tessera.accounts.models import User
from tessera.comments.models import Comment
from tessera.contributions.models import Contribution

COMMENTS_PER_PAGE = 20


def top_comments(target: Contribution) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(target=target, parent__isnull=True)
        .select_related("contribution")
        .order_by("-created_at", "-pk")
    )


def comments_page(target: Contribution, number: str | None) -> Page[Comment]:
    """A page of top comments, newest first, each with its replies (oldest first) loaded.

    Four queries whatever the number of comments: the count, the page, all replies of the
    page (each with its contribution, joined one-to-one), and their authors by primary key.
    The authors are read apart, not joined: a join lets PostgreSQL hash the whole users table
    for twenty comments. Every comment gets the commented contribution already in memory (no
    query per comment).
    """
    paginator = Paginator(top_comments(target), COMMENTS_PER_PAGE)
    page = paginator.get_page(number)
    comments = list(page.object_list)
    replies: dict[int, list[Comment]] = {comment.pk: [] for comment in comments}
    reply_rows = (
        list(
            Comment.objects.filter(parent_id__in=list(replies))
            .select_related("contribution")
            .order_by("created_at", "pk")
        )
        if comments
        else []
    )
    _authors_attach([*comments, *reply_rows])
    for reply in reply_rows:
        reply.target = target
        assert reply.parent_id is not None
        replies[reply.parent_id].append(reply)
    for comment in comments:
        comment.target = target
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
    """The page of the target's comments where this comment (or its thread) is shown."""
    top = comment.parent if comment.parent_id else comment
    assert top is not None
    newer = (
        top_comments(comment.target)
        .filter(Q(created_at__gt=top.created_at) | Q(created_at=top.created_at, pk__gt=top.pk))
        .count()
    )
    return newer // COMMENTS_PER_PAGE + 1
