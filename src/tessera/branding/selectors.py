"""Reads of the organisation's identity and content, cached so that a page costs no query.

Every page reads the identity, the menu pages and (on a 404) the redirects. Each is cached per
organisation under a key of its own; branding.services forgets the key when it writes, after
the transaction commits (see `branding_cache_forget`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Max, OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone

from tessera.branding.models import (
    ContentPage,
    HomeSection,
    IdentityState,
    IdentityVersion,
    MenuItem,
    NotFoundHit,
    PageKind,
    Redirect,
    SectionKind,
    SiteSettings,
)
from tessera.organizations.models import Organization

SETTINGS_CACHE_SECONDS = 3600
NOT_FOUND_DAYS = 30
CACHED_PARTS = ("settings", "menu", "pages", "sections", "redirects")


def branding_cache_key(part: str, organization_id: int) -> str:
    return f"branding:{part}:{organization_id}"


def site_settings_cache_key(organization_id: int) -> str:
    return branding_cache_key("settings", organization_id)


def site_settings_for(organization: Organization) -> SiteSettings:
    """The published identity (created from the organisation's name on the first visit)."""
    key = site_settings_cache_key(organization.pk)
    settings = cache.get(key)
    if settings is None:
        settings, _created = SiteSettings.objects.select_related(
            "title_font_file", "body_font_file"
        ).get_or_create(organization=organization, defaults={"site_name": organization.name})
        cache.set(key, settings, SETTINGS_CACHE_SECONDS)
    return settings


def site_settings_forget(organization_id: int) -> None:
    cache.delete(site_settings_cache_key(organization_id))


def identity_draft_for(organization: Organization, user: Any) -> IdentityVersion | None:
    """This administrator's own draft: two administrators never edit the same one."""
    return (
        IdentityVersion.objects.select_related("title_font_file", "body_font_file")
        .filter(organization=organization, state=IdentityState.DRAFT, edited_by=user)
        .first()
    )


def identity_history_for(organization: Organization) -> QuerySet[IdentityVersion]:
    return IdentityVersion.objects.filter(
        organization=organization, state=IdentityState.ARCHIVED
    ).select_related("edited_by")


@dataclass(frozen=True)
class MenuLink:
    title: str
    url: str
    menu: str


def menu_links_for(organization: Organization) -> list[MenuLink]:
    """The links of the header and footer menus in their order; a link to a page not
    published (yet) is left out."""
    key = branding_cache_key("menu", organization.pk)
    links: list[MenuLink] | None = cache.get(key)
    if links is None:
        items = (
            MenuItem.objects.filter(organization=organization)
            .exclude(page__is_published=False)
            .select_related("page")
        )
        links = [MenuLink(item.title, item.href, item.menu) for item in items]
        cache.set(key, links, SETTINGS_CACHE_SECONDS)
    return links


def published_page_for(organization: Organization, slug: str) -> ContentPage | None:
    """A published content page by its address, from the organisation's cached pages."""
    key = branding_cache_key("pages", organization.pk)
    pages: dict[str, ContentPage] | None = cache.get(key)
    if pages is None:
        published = ContentPage.objects.filter(organization=organization, is_published=True)
        pages = {page.slug: page for page in published}
        cache.set(key, pages, SETTINGS_CACHE_SECONDS)
    return pages.get(slug)


def layout_for(organization: Organization) -> tuple[SiteSettings, list[MenuLink]]:
    """What every page's layout reads (the identity and the menu links): one round trip to
    the cache on a warm page instead of one per part."""
    keys = site_settings_cache_key(organization.pk), branding_cache_key("menu", organization.pk)
    found = cache.get_many(keys)
    settings, links = found.get(keys[0]), found.get(keys[1])
    if settings is None:
        settings = site_settings_for(organization)
    if links is None:
        links = menu_links_for(organization)
    return settings, links


DEFAULT_SECTIONS = (SectionKind.HERO, SectionKind.PROCESSES)


def home_sections_for(organization: Organization) -> list[HomeSection]:
    """The home page's enabled sections in order; a banner and the processes until staff
    arrange their own."""
    key = branding_cache_key("sections", organization.pk)
    sections: list[HomeSection] | None = cache.get(key)
    if sections is None:
        configured = HomeSection.objects.filter(organization=organization)
        if configured.exists():
            sections = list(configured.filter(is_enabled=True))
        else:
            sections = [
                HomeSection(organization=organization, kind=kind, position=index)
                for index, kind in enumerate(DEFAULT_SECTIONS)
            ]
        cache.set(key, sections, SETTINGS_CACHE_SECONDS)
    return sections


@dataclass(frozen=True)
class RedirectTarget:
    pk: int
    target: str
    is_permanent: bool


def redirects_for(organization: Organization) -> dict[str, RedirectTarget]:
    """path → where it leads, for the whole organisation, from one cache read."""
    key = branding_cache_key("redirects", organization.pk)
    redirects: dict[str, RedirectTarget] | None = cache.get(key)
    if redirects is None:
        redirects = {
            path: RedirectTarget(pk, target, is_permanent)
            for pk, path, target, is_permanent in Redirect.objects.filter(
                organization=organization
            ).values_list("pk", "path", "target", "is_permanent")
        }
        cache.set(key, redirects, SETTINGS_CACHE_SECONDS)
    return redirects


def not_found_paths(organization: Organization, *, days: int = NOT_FOUND_DAYS) -> QuerySet[Any]:
    """Paths that answered 404 in the last `days` days, most frequent first, with no redirect.

    Each row: path, total, last_seen and the referrer of the most recent day.
    """
    since = timezone.localdate() - timedelta(days=days - 1)
    recent = NotFoundHit.objects.filter(organization=organization, day__gte=since)
    latest_referrer = recent.filter(path=OuterRef("path")).order_by("-last_seen")
    redirected = Redirect.objects.filter(organization=organization).values("path")
    return (
        recent.exclude(path__in=redirected)
        .values("path")
        .annotate(
            total=Sum("count"),
            last=Max("last_seen"),
            referrer_seen=Subquery(latest_referrer.values("referrer")[:1]),
        )
        .order_by("-total", "-last", "path")
    )


def terms_pages_for(organization: Organization) -> list[ContentPage]:
    """The published legal notice and personal data pages a person accepts at sign-up."""
    return list(
        ContentPage.objects.filter(
            organization=organization,
            is_published=True,
            kind__in=[PageKind.LEGAL_NOTICE, PageKind.PERSONAL_DATA],
        ).order_by("kind", "title")
    )
