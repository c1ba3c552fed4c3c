"""Writes on the identity, fonts, home sections and menus: each one transaction, caches
forgotten after.

Content pages, redirects and the 404 log are in services_content.py.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from tessera.branding import color_fields, colors, contrast, fonts
from tessera.branding.customcss import custom_css_problem
from tessera.branding.images import favicon_sizes, logo_clean
from tessera.branding.models import (
    Font,
    HomeSection,
    IdentityFields,
    IdentityState,
    IdentityVersion,
    MenuItem,
    SiteSettings,
    identity_copy,
)
from tessera.branding.ordering import Direction, moved
from tessera.branding.selectors import (
    CACHED_PARTS,
    DEFAULT_SECTIONS,
    branding_cache_key,
    identity_draft_for,
    site_settings_for,
)
from tessera.core.images import reencode_image
from tessera.core.richtext import render_markdown
from tessera.organizations.models import Organization

logger = logging.getLogger(__name__)


def branding_cache_forget(organization_id: int, *parts: str) -> None:
    """Forget cached parts ("settings", "menu", "sections", "redirects"; all when none named).

    Forgotten at once and again after the commit: a concurrent request may cache the old rows
    between the two, and the second deletion drops them.
    """
    keys = [branding_cache_key(part, organization_id) for part in parts or CACHED_PARTS]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


# --- Identity: draft, publication, restoration -------------------------------------------------


class IdentityConflict(Exception):
    """The draft began before another publication, which publishing it would overwrite."""

    def __init__(self, published: SiteSettings) -> None:
        super().__init__(f"version {published.version} was published after the draft began")
        self.published = published


def identity_draft_get_or_create(*, organization: Organization, user: Any) -> IdentityVersion:
    """This administrator's draft; a new one starts as a copy of the published identity."""
    draft = identity_draft_for(organization, user)
    if draft is not None:
        return draft
    published = site_settings_for(organization)
    draft = IdentityVersion(
        organization=organization,
        state=IdentityState.DRAFT,
        edited_by=user,
        based_on=published.version,
    )
    identity_copy(published, draft)
    draft.save()
    return draft


def identity_contrast_check(identity: IdentityFields) -> None:
    """Raise a ValidationError per failing pair: the four base colours (see
    contrast.identity_contrast_problems), then each colour role set by hand (colors)."""
    base = color_fields.base_palette(identity)
    problems = contrast.identity_contrast_problems(
        primary=identity.primary_color,
        secondary=identity.secondary_color,
        background=identity.background_color,
        text=identity.text_color,
    )
    role_problems = colors.color_problems(base, identity.colors or {})
    if problems or role_problems:
        from tessera.branding.forms import contrast_errors  # the messages live with the form

        raise ValidationError(
            {**contrast_errors(problems), **color_fields.role_errors(role_problems)}
        )


def _store(content: ContentFile[bytes], organization: Organization, extension: str = "") -> str:
    """Save under the organisation's prefix with a random name; the extension from the file."""
    extension = extension or (content.name or "").rsplit(".", 1)[-1]
    name = f"{organization.slug}/branding/{uuid.uuid4().hex}.{extension}"
    return default_storage.save(name, content)


def identity_draft_save(
    *,
    draft: IdentityVersion,
    user: Any,
    logo: UploadedFile | None = None,
    favicon: UploadedFile | None = None,
    social_image: UploadedFile | None = None,
) -> IdentityVersion:
    """Save the draft's fields; uploaded pictures are cleaned (raises ValidationError) first."""
    organization = draft.organization
    identity_contrast_check(draft)
    if draft.custom_css and (problem := custom_css_problem(draft.custom_css)):
        raise ValidationError({"custom_css": problem})
    if logo is not None:
        cleaned = logo_clean(logo)
        draft.logo.name = _store(cleaned, organization)
    if favicon is not None:
        base = f"{organization.slug}/branding/{uuid.uuid4().hex}"
        for size, png in favicon_sizes(favicon).items():
            default_storage.save(f"{base}-{size}.png", ContentFile(png))
        draft.favicon.name = f"{base}-512.png"
    if social_image is not None:
        cleaned = reencode_image(social_image, max_side=1200)
        draft.social_image.name = _store(
            cleaned, organization, (cleaned.name or "").rsplit(".", 1)[-1]
        )
    draft.edited_by = user
    draft.save()
    return draft


def _archive(settings: SiteSettings, user: Any) -> IdentityVersion:
    archived = IdentityVersion(
        organization_id=settings.organization_id,
        state=IdentityState.ARCHIVED,
        published_at=settings.published_at,
        edited_by=user,
    )
    identity_copy(settings, archived)
    archived.save()
    return archived


def _publish(settings: SiteSettings, source: IdentityFields, user: Any) -> SiteSettings:
    identity_contrast_check(source)
    _archive(settings, user)
    identity_copy(source, settings)
    settings.version += 1
    settings.published_at = timezone.now()
    settings.save()
    branding_cache_forget(settings.organization_id, "settings")
    return settings


def identity_publish(
    *, organization: Organization, user: Any, overwrite: bool = False
) -> SiteSettings:
    """Put this administrator's draft online for every visitor at once; the identity it
    replaces is kept. A publication made since the draft began is not overwritten unless
    `overwrite` says the administrator saw it (raises IdentityConflict)."""
    with transaction.atomic():
        settings = _locked_settings(organization)
        draft = IdentityVersion.objects.select_for_update().get(
            organization=organization, state=IdentityState.DRAFT, edited_by=user
        )
        if draft.based_on != settings.version and not overwrite:
            raise IdentityConflict(settings)
        _publish(settings, draft, user)
        draft.delete()
    logger.info("branding: identity published", extra={"event": "identity_published"})
    return settings


def identity_restore(*, version: IdentityVersion, user: Any) -> SiteSettings:
    """Publish a previous identity again; the current one joins the history (so it can return)."""
    if version.state != IdentityState.ARCHIVED:
        raise ValueError("Only a previous version can be restored")
    with transaction.atomic():
        settings = _locked_settings(version.organization)
        return _publish(settings, version, user)


def _locked_settings(organization: Organization) -> SiteSettings:
    site_settings_for(organization)  # creates the row on a brand-new organisation
    return SiteSettings.objects.select_for_update().get(organization=organization)


def font_create(*, organization: Organization, upload: UploadedFile, family: str = "") -> Font:
    """Keep an uploaded font once fontTools has read all of it (raises ValidationError)."""
    upload.seek(0)
    data = upload.read(fonts.MAX_FONT_BYTES + 1)
    info = fonts.font_validate(data)
    name = _store(ContentFile(data), organization, info.format)
    return Font.objects.create(
        organization=organization,
        family=(family.strip() or info.family or upload.name or "")[:100],
        file=name,
        format=info.format,
    )


# --- Home page sections ------------------------------------------------------------------------


def home_section_save(*, section: HomeSection) -> HomeSection:
    section.body_html = render_markdown(section.body) if section.body else ""
    with transaction.atomic():
        section.save()
        branding_cache_forget(section.organization_id, "sections")
    return section


def home_section_delete(*, section: HomeSection) -> None:
    with transaction.atomic():
        section.delete()
        branding_cache_forget(section.organization_id, "sections")


def home_section_add(*, organization: Organization, kind: str) -> HomeSection:
    """A new section of `kind` at the end of the page, shown."""
    home_sections_ensure(organization=organization)
    last = HomeSection.objects.filter(organization=organization).order_by("-position").first()
    section = HomeSection(
        organization=organization, kind=kind, position=last.position + 1 if last else 0
    )
    return home_section_save(section=section)


def home_section_move(*, section: HomeSection, direction: Direction) -> None:
    """Swap the section with its neighbour; positions are rewritten 0, 1, 2… in one go."""
    with transaction.atomic():
        rows = list(
            HomeSection.objects.select_for_update().filter(organization_id=section.organization_id)
        )
        _reorder(rows, section.pk, direction)
        branding_cache_forget(section.organization_id, "sections")


def _reorder(rows: list[Any], moving: int, direction: Direction) -> None:
    by_pk = {row.pk: row for row in rows}
    for position, pk in enumerate(moved([row.pk for row in rows], moving, direction)):
        if by_pk[pk].position != position:
            by_pk[pk].position = position
            by_pk[pk].save(update_fields=["position"])


# --- Menus ---------------------------------------------------------------------------------------


def menu_item_save(*, item: MenuItem) -> MenuItem:
    """Create or change a menu link; a new one goes at the end of its menu."""
    with transaction.atomic():
        if item.pk is None:
            last = (
                MenuItem.objects.filter(organization_id=item.organization_id, menu=item.menu)
                .order_by("-position")
                .first()
            )
            item.position = last.position + 1 if last else 0
        item.save()
        branding_cache_forget(item.organization_id, "menu")
    return item


def menu_item_delete(*, item: MenuItem) -> None:
    with transaction.atomic():
        item.delete()
        branding_cache_forget(item.organization_id, "menu")


def menu_item_move(*, item: MenuItem, direction: Direction) -> None:
    with transaction.atomic():
        rows = list(
            MenuItem.objects.select_for_update().filter(
                organization_id=item.organization_id, menu=item.menu
            )
        )
        _reorder(rows, item.pk, direction)
        branding_cache_forget(item.organization_id, "menu")


def home_sections_ensure(*, organization: Organization) -> list[HomeSection]:
    """Give a new organisation its rows for the default sections, so staff can edit them."""
    with transaction.atomic():
        if not HomeSection.objects.filter(organization=organization).exists():
            for position, kind in enumerate(DEFAULT_SECTIONS):
                HomeSection.objects.create(organization=organization, kind=kind, position=position)
        branding_cache_forget(organization.pk, "sections")
    return list(HomeSection.objects.filter(organization=organization))
