"""Writes of news (one transaction each): create, edit, publish, unpublish, delete."""

from __future__ import annotations

from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from tessera.accounts.models import User
from tessera.core.richtext import render_markdown
from tessera.news.models import Post
from tessera.news.rules import PostState
from tessera.news.signals import post_published
from tessera.organizations.models import Organization
from tessera.processes.models import Process


def post_save(
    *,
    post: Post | None = None,
    organization: Organization,
    author: User | None,
    process: Process | None,
    title: str,
    body: str,
    image: ContentFile[bytes] | None = None,
    remove_image: bool = False,
    image_alt: str = "",
    publish_at: datetime | None = None,
) -> Post:
    """Create (post None) or edit a post; its Markdown rendered and sanitised once.

    `image` must already be re-encoded (core.images.reencode_image, done by the form). A
    published post whose date has come is announced again only if it was never announced
    (the notifications' key is the post's).
    """
    with transaction.atomic():
        if post is None:
            post = Post(organization=organization, author=author)
        post.process = process
        post.title = title.strip()
        post.body = body
        post.body_html = render_markdown(body)
        if publish_at is not None:
            post.publish_at = publish_at
        if remove_image and post.image:
            post.image.delete(save=False)
        if image is not None:
            post.image.save(image.name or "image.jpg", image, save=False)
        post.image_alt = image_alt.strip() if post.image else ""
        post.save()
        _announce_if_public(post)
    return post


def post_publish(*, post: Post) -> Post:
    """Publish now, or on its date if that is still to come (scheduled)."""
    with transaction.atomic():
        post.is_published = True
        post.save(update_fields=["is_published", "updated_at"])
        _announce_if_public(post)
    return post


def post_unpublish(*, post: Post) -> Post:
    """Back to a draft: off every public page (a notification already sent stays sent)."""
    post.is_published = False
    post.save(update_fields=["is_published", "updated_at"])
    return post


def post_delete(*, post: Post) -> None:
    with transaction.atomic():
        if post.image:
            # The file goes once the row is gone for good, not before a rollback.
            name, storage = str(post.image.name), post.image.storage
            transaction.on_commit(lambda: storage.delete(name))
        post.delete()


def _announce_if_public(post: Post) -> None:
    if post.state(timezone.now()) is PostState.PUBLISHED:
        transaction.on_commit(lambda: post_published.send(sender=Post, post=post))
