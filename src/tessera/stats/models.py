"""The participation figures as last computed by the refresh (stats.stored): pages read them,
they never count everything per request (docs/performance.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import OrganizationOwned
from tessera.processes.models import Process


class StoredFigures(OrganizationOwned):
    """One organisation's figures (process empty) or one process's, as JSON (Figures.to_data)."""

    process = models.OneToOneField(
        Process,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process"),
    )
    computed_at = models.DateTimeField(_("computed at"))
    data = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("stored figures")
        verbose_name_plural = _("stored figures")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(process__isnull=True),
                name="stats_one_site_figures_per_organization",
            )
        ]
