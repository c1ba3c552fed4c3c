"""The tenant: each organisation (a city, a region, a union) runs its own site on its hosts."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

host_validator = RegexValidator(
    r"^[a-z0-9.-]+$|^\[[0-9a-f:]+\]$",
    _("Enter a host name without scheme, port or path, e.g. participer.ville.fr."),
)


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_("Used in file paths and exports; never changes."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def primary_host(self) -> str:
        host = self.hosts.order_by("-is_primary", "pk").first()
        return host.name if host else ""

    @property
    def site_url(self) -> str:
        """The site's address on its primary host, for links in e-mails (no trailing slash).

        E-mails sent by the task worker have no request to take the port from: PUBLIC_PORT
        says which one visitors use (the demo's 8000), left out when it is the protocol's own.
        """
        protocol = getattr(settings, "ACCOUNT_DEFAULT_HTTP_PROTOCOL", "https")
        port = str(getattr(settings, "PUBLIC_PORT", "") or "")
        if port in ("", {"http": "80", "https": "443"}.get(protocol)):
            return f"{protocol}://{self.primary_host}"
        return f"{protocol}://{self.primary_host}:{port}"


class Host(models.Model):
    """A host name an organisation answers on: its own domain and any aliases."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="hosts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("host name"), max_length=253, unique=True, validators=[host_validator]
    )
    is_primary = models.BooleanField(
        _("primary"),
        default=False,
        help_text=_("The address used in e-mails and links; the others redirect to it."),
    )

    class Meta:
        verbose_name = _("host name")
        verbose_name_plural = _("host names")
        constraints = [
            models.UniqueConstraint(
                "organization",
                condition=models.Q(is_primary=True),
                name="one_primary_host_per_organization",
            ),
            models.CheckConstraint(condition=models.Q(name=Lower("name")), name="host_lowercase"),
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationOwned(models.Model):
    """Abstract base of every row that belongs to one organisation.

    Its manager refuses to run a query unless an organisation scope is active (django-scopes),
    so forgetting the tenant fails loudly instead of leaking another city's data.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
        editable=False,
    )

    objects: ClassVar[models.Manager[Any]] = ScopedManager(organization="organization")

    class Meta:
        abstract = True


class District(OrganizationOwned):
    """A geographic zone of the organisation (quartier, secteur); ballots may be per district."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    postal_codes = models.CharField(
        _("postal codes"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated; used to suggest a resident's district."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint("organization", "slug", name="unique_district_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class Theme(OrganizationOwned):
    """A category of processes and proposals (mobility, nature in the city, …)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint("organization", "slug", name="unique_theme_slug"),
        ]

    def __str__(self) -> str:
        return self.name
