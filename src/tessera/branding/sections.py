"""The sections branding renders itself (banner, introduction, free text, figures, newsletter,
video) and the loop that renders a home page from the registry (see branding/home.py).

The news section is rendered by the news app once it registers a renderer for "news"; until
then it shows nothing, like any kind with no renderer."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from tessera.accounts.models import User
from tessera.branding.forms import NewsletterForm
from tessera.branding.home import (
    Figure,
    all_figures,
    register_figure,
    register_section,
    section_renderer,
)
from tessera.branding.models import HomeSection, SectionKind
from tessera.branding.selectors import home_sections_for
from tessera.branding.video import video_embed
from tessera.organizations.models import Organization
from tessera.organizations.selectors import current_organization

FIGURES_CACHE_SECONDS = 600


def render_home_sections(request: HttpRequest) -> list[tuple[HomeSection, str]]:
    """Each enabled section with its HTML, in the staff's order; empty ones left out."""
    organization = current_organization(request)
    assert organization is not None
    rendered = []
    for section in home_sections_for(organization):
        renderer = section_renderer(section.kind)
        html = renderer(request, section) if renderer is not None else ""
        if html.strip():
            rendered.append((section, html))
    return rendered


def _hero(request: HttpRequest, section: HomeSection) -> str:
    return render_to_string("branding/sections/hero.html", {"section": section}, request=request)


def _text(request: HttpRequest, section: HomeSection) -> str:
    if not section.body_html:
        return ""
    return render_to_string("branding/sections/text.html", {"section": section}, request=request)


def _introduction(request: HttpRequest, section: HomeSection) -> str:
    if not section.body_html:
        return ""
    return render_to_string(
        "branding/sections/introduction.html", {"section": section}, request=request
    )


def _video(request: HttpRequest, section: HomeSection) -> str:
    embed = video_embed(section.video_url)
    if embed is None:
        return ""
    return render_to_string(
        "branding/sections/video.html", {"section": section, "embed": embed}, request=request
    )


def figures_for(organization: Organization) -> list[tuple[str, int]]:
    """(label, number) of every registered figure; the numbers are cached ten minutes per
    organisation, the labels translated for each visitor."""
    key = f"branding:figures:{organization.pk}"
    counts: dict[str, int] | None = cache.get(key)
    figures = all_figures()
    if counts is None or any(figure.key not in counts for figure in figures):
        counts = {figure.key: figure.count(organization) for figure in figures}
        cache.set(key, counts, FIGURES_CACHE_SECONDS)
    return [(str(figure.label), counts[figure.key]) for figure in figures]


def _figures(request: HttpRequest, section: HomeSection) -> str:
    organization = current_organization(request)
    assert organization is not None
    figures = figures_for(organization)
    if not figures:
        return ""
    return render_to_string(
        "branding/sections/figures.html",
        {"section": section, "figures": figures},
        request=request,
    )


def _newsletter(request: HttpRequest, section: HomeSection) -> str:
    return render_to_string(
        "branding/sections/newsletter.html",
        {"section": section, "form": NewsletterForm()},
        request=request,
    )


def _registered_residents(organization: Organization) -> int:
    return User.objects.filter(
        organization=organization, email_verified=True, is_active=True
    ).count()


def register_builtin_sections() -> None:
    register_section(SectionKind.HERO, _hero)
    register_section(SectionKind.TEXT, _text)
    register_section(SectionKind.INTRODUCTION, _introduction)
    register_section(SectionKind.VIDEO, _video)
    register_section(SectionKind.FIGURES, _figures)
    register_section(SectionKind.NEWSLETTER, _newsletter)
    register_figure(Figure("registered", _("registered residents"), _registered_residents, 0))
