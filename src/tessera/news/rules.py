"""News: a post's state (pure), and who may read and write news.

The first half is pure: `post_state` says from a post's two fields whether it is a draft,
scheduled or published; the selectors filter with the same conditions (a test walks both).

The second half registers the permissions (django-rules), asked as
`user.has_perm("news.<action>", post)`:

- everyone reads a published post whose process they may see, or a site-wide one
  (`view_post`); staff who write news also read drafts and scheduled posts (to preview);
- process managers and administrators of the organisation write news: the back office list
  (`manage`), adding, editing, publishing and deleting (`add_post`, `change_post`,
  `publish_post`, `delete_post`). Moderators and analysts do not: news is the
  organisation's word to the public.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import rules
from django.utils import timezone

from tessera.accounts.rules import is_process_manager, is_same_organization
from tessera.processes.rules import can_view_process


class PostState(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"


def post_state(*, is_published: bool, publish_at: datetime, now: datetime) -> PostState:
    """A post staff have not published is a draft; a published one waits for its date."""
    if not is_published:
        return PostState.DRAFT
    return PostState.SCHEDULED if publish_at > now else PostState.PUBLISHED


@rules.predicate
def is_public(user: Any, post: Any) -> bool:
    """Published, its date reached, and its process (if any) one this user may see."""
    if post is None or post.state(timezone.now()) is not PostState.PUBLISHED:
        return False
    return post.process_id is None or bool(can_view_process.test(user, post.process))


writes_news = is_same_organization & is_process_manager

rules.add_perm("news.view_post", is_public | writes_news)
rules.add_perm("news.manage", writes_news)
rules.add_perm("news.add_post", writes_news)
rules.add_perm("news.change_post", writes_news)
rules.add_perm("news.publish_post", writes_news)
rules.add_perm("news.delete_post", writes_news)
