"""Polling stations and the totals they report."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import District, OrganizationOwned
from tessera.processes.models import Step
from tessera.proposals.models import Proposal


class PollingStation(OrganizationOwned):
    """An in-person polling place whose paper ballots are entered as totals."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="polling_stations")
    name = models.CharField(_("name"), max_length=120)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ballots_count = models.PositiveIntegerField(_("paper ballots cast"), default=0)

    class Meta:
        verbose_name = _("polling station")
        verbose_name_plural = _("polling stations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("step", "name", "district", name="unique_polling_station"),
        ]

    def __str__(self) -> str:
        return self.name


class PaperTotal(OrganizationOwned):
    station = models.ForeignKey(PollingStation, on_delete=models.CASCADE, related_name="totals")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    votes = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint("station", "proposal", name="unique_paper_total"),
        ]
