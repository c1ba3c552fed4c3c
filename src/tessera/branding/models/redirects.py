"""Short URLs and redirects from an old site, and the log of addresses that answered 404."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import OrganizationOwned

MAX_PATH = 500


class Redirect(OrganizationOwned):
    path = models.CharField(
        _("path"), max_length=MAX_PATH, help_text=_("Starts with a slash, e.g. /nouveaux-bus.")
    )
    target = models.CharField(
        _("destination"),
        max_length=1000,
        help_text=_("A page of this site (/processes/…) or a full address (https://…)."),
    )
    is_permanent = models.BooleanField(
        _("permanent"),
        default=True,
        help_text=_("Permanent (301) for an old address; temporary (302) for a campaign link."),
    )
    hits = models.PositiveIntegerField(_("visits"), default=0, editable=False)
    last_hit_at = models.DateTimeField(_("last visit"), null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("short URL or redirect")
        verbose_name_plural = _("short URLs and redirects")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint("organization", "path", name="unique_redirect_path"),
        ]

    def __str__(self) -> str:
        return f"{self.path} → {self.target}"


class NotFoundHit(OrganizationOwned):
    """How often a path answered 404 on one day; the list sums the last 30 days."""

    path = models.CharField(_("path"), max_length=MAX_PATH)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("count"), default=0)
    last_seen = models.DateTimeField(_("last seen"))
    referrer = models.CharField(_("coming from"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("page not found")
        verbose_name_plural = _("pages not found")
        ordering = ["-day", "-count"]
        constraints = [
            models.UniqueConstraint("organization", "path", "day", name="unique_not_found_day"),
        ]
        indexes = [models.Index(fields=["organization", "day"], name="not_found_by_day")]

    def __str__(self) -> str:
        return self.path
