"""Who may read a news image (organizations.media asks, per folder): who may read its post.

A draft's or a scheduled post's image is staff's to preview, never cached by a shared cache.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from tessera.news.models import Post
from tessera.organizations.media import Access


def image_access(request: HttpRequest, name: str) -> Access:
    post = Post.objects.filter(image=name).select_related("process").first()
    if post is None or not request.user.has_perm("news.view_post", post):
        return Access.DENIED
    return Access.PUBLIC if AnonymousUser().has_perm("news.view_post", post) else Access.PRIVATE
