"""The organisation's identity: the published one, its draft and its past versions."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tessera.branding import fonts
from tessera.organizations.models import Organization, OrganizationOwned

color_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))

DEFAULT_PRIMARY_COLOR = "#1d4f91"
DEFAULT_SECONDARY_COLOR = "#eef3fa"
DEFAULT_BACKGROUND_COLOR = "#ffffff"
DEFAULT_TEXT_COLOR = "#1b1b1b"
MAX_CUSTOM_CSS = 50_000


def _organization_of(instance: Any) -> Organization:
    return instance.organization


def branding_upload_to(instance: Any, filename: str) -> str:
    """<organisation>/branding/<random>.<ext>: per organisation, never guessed, never reused."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"{_organization_of(instance).slug}/branding/{uuid.uuid4().hex}.{extension}"


# The first migration names this one.
logo_upload_to = branding_upload_to


class IdentityFields(models.Model):
    """What a customer chooses for their site; shared by the published identity and drafts."""

    site_name = models.CharField(_("site name"), max_length=120)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to=branding_upload_to,
        blank=True,
        max_length=200,
        help_text=_("SVG, PNG or JPEG. An SVG is cleaned of scripts and links."),
    )
    favicon = models.FileField(
        _("favicon"),
        upload_to=branding_upload_to,
        blank=True,
        max_length=200,
        help_text=_("A square image of at least 512 × 512 pixels; every size is made from it."),
    )
    social_image = models.FileField(
        _("social sharing image"),
        upload_to=branding_upload_to,
        blank=True,
        max_length=200,
        help_text=_("Shown when a page is shared on social networks; 1200 × 630 pixels is best."),
    )
    primary_color = models.CharField(
        _("primary colour"),
        max_length=7,
        default=DEFAULT_PRIMARY_COLOR,
        validators=[color_validator],
        help_text=_("Links, buttons and the header's underline."),
    )
    secondary_color = models.CharField(
        _("secondary colour"),
        max_length=7,
        default=DEFAULT_SECONDARY_COLOR,
        validators=[color_validator],
        help_text=_("Background of the home page's banner and of the footer."),
    )
    background_color = models.CharField(
        _("background colour"),
        max_length=7,
        default=DEFAULT_BACKGROUND_COLOR,
        validators=[color_validator],
    )
    text_color = models.CharField(
        _("text colour"), max_length=7, default=DEFAULT_TEXT_COLOR, validators=[color_validator]
    )
    colors = models.JSONField(
        _("other colours"),
        default=dict,
        blank=True,
        help_text=_("The colours set by hand; the others follow the four base colours."),
    )
    title_font = models.CharField(
        _("title font"), max_length=40, choices=fonts.preset_choices, default=fonts.DEFAULT_PRESET
    )
    title_font_file = models.ForeignKey(
        "branding.Font",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded title font"),
        help_text=_("When set, used instead of the preset title font."),
    )
    body_font = models.CharField(
        _("body font"), max_length=40, choices=fonts.preset_choices, default=fonts.DEFAULT_PRESET
    )
    body_font_file = models.ForeignKey(
        "branding.Font",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded body font"),
        help_text=_("When set, used instead of the preset body font."),
    )
    custom_css = models.TextField(
        _("custom CSS"),
        blank=True,
        validators=[MaxLengthValidator(MAX_CUSTOM_CSS)],
        help_text=_("For advanced customers: loaded after the site's style sheet."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.site_name

    # Identity files are served by branding.views.public.branding_file (cached for a year: a
    # stored name is never reused).
    @property
    def logo_url(self) -> str:
        return _file_url(self.logo.name or "")

    @property
    def social_image_url(self) -> str:
        return _file_url(self.social_image.name or "")

    def favicon_url(self, size: int) -> str:
        if not self.favicon.name:
            return ""
        return _file_url(self.favicon.name.replace("-512.png", f"-{size}.png"))

    @property
    def favicon_32_url(self) -> str:
        return self.favicon_url(32)

    @property
    def favicon_180_url(self) -> str:
        return self.favicon_url(180)


def _file_url(name: str) -> str:
    return reverse("branding:file", kwargs={"name": name}) if name else ""


IDENTITY_FIELD_NAMES = [field.name for field in IdentityFields._meta.fields]


def identity_copy(source: IdentityFields, target: IdentityFields) -> None:
    """Copy every identity field (files are shared: stored names are never reused)."""
    for name in IDENTITY_FIELD_NAMES:
        field = target._meta.get_field(name)
        attribute = field.attname if isinstance(field, models.ForeignKey) else name
        setattr(target, attribute, getattr(source, attribute))


class SiteSettings(IdentityFields):
    """The published identity: one per organisation, read on every page through a cache."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        related_name="site_settings",
        verbose_name=_("organisation"),
        editable=False,
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text=_("Grows at every publication.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, editable=False)

    objects: ClassVar[models.Manager[SiteSettings]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")


class IdentityState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ARCHIVED = "archived", _("Previous version")


class IdentityVersion(IdentityFields, OrganizationOwned):
    """A draft being prepared (one per administrator: `edited_by` owns it) or an identity
    published in the past (`edited_by` published it)."""

    state = models.CharField(_("state"), max_length=10, choices=IdentityState.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    based_on = models.PositiveIntegerField(
        _("published version it started from"),
        null=True,
        blank=True,
        help_text=_("A draft begun before a newer publication would overwrite it."),
    )

    class Meta:
        verbose_name = _("identity version")
        verbose_name_plural = _("identity versions")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "organization",
                "edited_by",
                condition=models.Q(state="draft"),
                name="one_identity_draft_per_administrator",
            ),
        ]


class Font(OrganizationOwned):
    """A font file uploaded by the organisation, checked with fontTools before it is kept."""

    family = models.CharField(
        _("name"), max_length=100, help_text=_("How the font is named in the lists.")
    )
    file = models.FileField(_("font file"), upload_to=branding_upload_to, max_length=200)
    format = models.CharField(
        _("format"), max_length=8, choices=[(key, key.upper()) for key in fonts.CONTENT_TYPES]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("uploaded font")
        verbose_name_plural = _("uploaded fonts")
        ordering = ["family"]

    def __str__(self) -> str:
        return self.family
