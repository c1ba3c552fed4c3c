"""The comment section a tool drops in the page of a contribution of a kind that offers comments.

In a template: `{% load comments %}{% comment_section contribution %}` (templatetags/comments.py);
in a view: `comment_section(request, contribution)`. The forms post to comments' own views,
keyed by the contribution, and come back to its page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from tessera.comments.forms import CommentForm
from tessera.comments.models import Comment
from tessera.comments.selectors import comments_page
from tessera.contributions.models import Contribution


@dataclass
class CommentItem:
    """One comment as the page shows it: what is visible and what this visitor may do."""

    comment: Comment
    show_text: bool
    can_reply: bool
    can_change: bool
    can_delete: bool
    can_report: bool
    replies: list[CommentItem] = field(default_factory=list)


def comment_item(comment: Comment, user: Any) -> CommentItem:
    """Asks only pure predicates on objects already loaded: no query per comment.

    A hidden comment's text is for the moderators and its author only.
    """
    return CommentItem(
        comment=comment,
        show_text=not comment.deleted
        and (not comment.hidden or user.has_perm("comments.view_hidden_comment", comment)),
        can_reply=user.has_perm("comments.reply_comment", comment),
        can_change=user.has_perm("comments.change_comment", comment),
        can_delete=user.has_perm("comments.delete_comment", comment),
        can_report=user.has_perm("contributions.report", comment.contribution),
    )


def comment_section(request: HttpRequest, target: Contribution) -> str:
    """The paginated comments, their replies and the forms, in a bounded number of queries.

    `target` comes with its owner and what the kind's `comments_open` hook reads already
    loaded (a proposal's step and process), as the page that shows it has them.
    """
    user = request.user
    page = comments_page(target, request.GET.get("comments"))
    items = []
    for comment in page.object_list:
        item = comment_item(comment, user)
        item.replies = [
            comment_item(reply, user)
            for reply in comment.reply_list  # type: ignore[attr-defined]
        ]
        items.append(item)
    return render_to_string(
        "comments/_section.html",
        {
            "target": target,
            "page": page,
            "items": items,
            "form": CommentForm(),
            "can_comment": user.has_perm("comments.add_comment", target),
        },
        request=request,
    )
