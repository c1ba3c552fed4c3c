"""The public GraphQL types of news: published posts only, as the public pages show them.

A post of a process is listed when its process is listed (an unlisted process's news by its
slug); a draft or a scheduled post does not exist for the API.
"""

from __future__ import annotations

from datetime import datetime

import strawberry
import strawberry_django
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from graphql import GraphQLError
from strawberry import Parent
from strawberry.types import Info

from tessera.news.models import Post
from tessera.news.selectors import posts_listed_for, posts_visible_to
from tessera.processes.api import Page, ProcessType, absolute_url, public_process


@strawberry_django.type(Post, name="NewsPost", description="A piece of news of the organisation.")
class NewsPostType:
    id: strawberry.ID
    title: str
    body_html: str = strawberry_django.field(description="The text as sanitised HTML.")
    publish_at: datetime = strawberry_django.field(description="When it was published.")
    image_alt: str = strawberry_django.field(description="The image's text alternative.")
    process: ProcessType | None = strawberry_django.field(
        description="The process it is about; null: news of the whole site."
    )

    @strawberry_django.field(only=["image"], description="The image's address, if any.")
    def image_url(self, root: Parent[Post], info: Info) -> str | None:
        return absolute_url(info, root.image.url) if root.image else None

    @strawberry_django.field(description="The address of the post's page.")
    def url(self, root: Parent[Post], info: Info) -> str:
        return absolute_url(info, root.get_absolute_url())


def _news(process: str | None, site_only: bool) -> QuerySet[Post]:
    now = timezone.now()
    if process:
        found = public_process(process)
        if found is None:
            raise GraphQLError("No public process with this slug.")
        return posts_visible_to(AnonymousUser(), now).filter(process=found)
    posts = posts_listed_for(AnonymousUser(), now)
    return posts.filter(process__isnull=True) if site_only else posts


@strawberry.type
class NewsQuery:
    @strawberry_django.offset_paginated(
        description=(
            "Published news, newest first: the news page's list (site-wide posts and those of "
            "listed processes), or one process's by its slug (unlisted included), or only "
            "the site-wide posts (siteOnly)."
        )
    )
    def news(self, process: str | None = None, site_only: bool = False) -> Page[NewsPostType]:
        return _news(process, site_only)  # type: ignore[return-value]

    @strawberry_django.field(description="One published post, by id; null if there is none.")
    def news_post(self, id: strawberry.ID) -> NewsPostType | None:
        try:
            pk = int(id)
        except ValueError:
            return Post.objects.none()  # type: ignore[return-value]
        return posts_visible_to(AnonymousUser(), timezone.now()).filter(  # type: ignore[return-value]
            pk=pk
        )
