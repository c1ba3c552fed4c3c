"""Who may read a news image of a realisation (organizations.media asks, per folder)."""

from __future__ import annotations

from django.http import HttpRequest

from tessera.followup.models import NewsPost
from tessera.organizations.media import Access
from tessera.processes.media import access_as_process


def news_image_access(request: HttpRequest, name: str) -> Access:
    post = NewsPost.objects.filter(image=name).select_related("realisation__process").first()
    return access_as_process(request, post.realisation.process if post else None)
