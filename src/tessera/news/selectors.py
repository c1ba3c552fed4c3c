"""Reads of news shared by the public pages, the home page, the process page and the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from tessera.news.models import Post
from tessera.processes.models import Process
from tessera.processes.selectors import processes_listed_for, processes_visible_to


def published(now: datetime) -> QuerySet[Post]:
    """Posts whose state is PUBLISHED (rules.post_state, as a filter)."""
    return Post.objects.filter(is_published=True, publish_at__lte=now)


def posts_visible_to(user: Any, now: datetime) -> QuerySet[Post]:
    """Published posts this user may read: mirrors the `news.view_post` rule for the public
    (site-wide posts, and posts of a process the user may see)."""
    return published(now).filter(
        Q(process__isnull=True) | Q(process__in=processes_visible_to(user))
    )


def posts_listed_for(user: Any, now: datetime) -> QuerySet[Post]:
    """What the lists show (the news page, the home page): site-wide posts and those of the
    processes listed for this user; an unlisted process's news is reached from its page."""
    return published(now).filter(
        Q(process__isnull=True) | Q(process__in=processes_listed_for(user))
    )


def for_cards(posts: QuerySet[Post]) -> QuerySet[Post]:
    """What a card shows: title, date, image, its process's title and address; no body."""
    return posts.select_related("process").defer("body", "body_html")


def latest_of_process(process: Process, now: datetime, limit: int) -> list[Post]:
    return list(for_cards(published(now).filter(process=process))[:limit])


def latest_listed(user: Any, now: datetime, limit: int) -> list[Post]:
    """The newest posts of the lists, for the home page."""
    return list(for_cards(posts_listed_for(user, now))[:limit])


def due_between(start: datetime, end: datetime) -> QuerySet[Post]:
    """Posts that became public in (start, end]: scheduled ones the clock announces."""
    return Post.objects.filter(is_published=True, publish_at__gt=start, publish_at__lte=end)
