"""What followup adds to the home page: the latest realisations and their news.

Registered with branding's section registry (branding sits below followup; see
docs/decisions/0004-white-label.md).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest
from django.template.loader import render_to_string

from tessera.branding.home import register_section
from tessera.branding.models import HomeSection, SectionKind
from tessera.followup.models import NewsPost
from tessera.followup.selectors import for_cards, realisations_listed_for

LATEST = 6


def latest_realisations(request: HttpRequest, section: HomeSection) -> str:
    """The realisations updated last (a change or a piece of news); nothing if none yet."""
    realisations = list(
        for_cards(realisations_listed_for(request.user))
        .order_by("-updated_at", "-pk")
        .prefetch_related(
            Prefetch(
                "news",
                queryset=NewsPost.objects.only("pk", "realisation_id", "title", "published_at"),
                to_attr="latest_news",
            )
        )[:LATEST]
    )
    if not realisations:
        return ""
    return render_to_string(
        "followup/_home_realisations.html",
        {"section": section, "realisations": realisations},
        request=request,
    )


def register() -> None:
    register_section(SectionKind.REALISATIONS, latest_realisations)
