"""The organisation's public identity: name, logo and colours (more in the white-label issue)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tessera.organizations.models import Organization

color_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))

DEFAULT_PRIMARY_COLOR = "#1d4f91"


def logo_upload_to(instance: SiteSettings, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"{instance.organization.slug}/branding/{uuid.uuid4().hex}.{extension}"


class SiteSettings(models.Model):
    """One per organisation, created with it; read on every page through a cache."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        related_name="site_settings",
        verbose_name=_("organisation"),
        editable=False,
    )
    site_name = models.CharField(_("site name"), max_length=120)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True)
    primary_color = models.CharField(
        _("primary colour"),
        max_length=7,
        default=DEFAULT_PRIMARY_COLOR,
        validators=[color_validator],
        help_text=_("Used for links, buttons and the header; it must contrast with white."),
    )

    objects: ClassVar[models.Manager[SiteSettings]] = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return self.site_name
