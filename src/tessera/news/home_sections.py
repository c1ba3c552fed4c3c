"""The home page's "news" section: the latest posts (site-wide and of the listed processes).

Registered with branding's section registry (branding sits below news; see
docs/architecture.md, "Extension points"), for the section kind `SectionKind.NEWS`.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from tessera.branding.home import register_section
from tessera.branding.models import HomeSection, SectionKind
from tessera.news.selectors import latest_listed

LATEST = 3


def latest_news(request: HttpRequest, section: HomeSection) -> str:
    """The newest posts the news page lists; nothing (the section hidden) when there is none."""
    posts = latest_listed(request.user, timezone.now(), LATEST)
    if not posts:
        return ""
    return render_to_string(
        "news/_home_news.html", {"section": section, "posts": posts}, request=request
    )


def register() -> None:
    register_section(SectionKind.NEWS, latest_news)
