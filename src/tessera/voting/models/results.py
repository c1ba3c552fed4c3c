"""The published results, their publication in the background, and the staff audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import OrganizationOwned
from tessera.processes.models import Step


class Results(OrganizationOwned):
    """The published outcome of a vote step, frozen when published."""

    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="vote_results")
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rule = models.CharField(_("counting rule"), max_length=30)
    threshold = models.PositiveIntegerField(null=True, blank=True)
    tie_break = models.TextField(_("tie-break"))
    winners = models.JSONField(default=list)  # proposal ids, in selection order
    figures = models.JSONField(default=dict)  # see services.results.results_publish

    class Meta:
        verbose_name = _("results")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return str(self.step)


class PublicationState(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("counting")
    DONE = "done", _("published")
    FAILED = "failed", _("failed")


class Publication(OrganizationOwned):
    """The publication of a step's results, run by a background task: one per step, so a
    second click finds the first one instead of publishing twice."""

    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        max_length=10, choices=PublicationState.choices, default=PublicationState.QUEUED
    )
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return f"{self.step_id}: {self.state}"


class AuditAction(models.TextChoices):
    PAPER_BALLOT = "paper_ballot", _("paper ballot entered")
    STATION_TOTALS = "station_totals", _("polling station totals saved")
    VOTING_CODES = "voting_codes", _("voting codes generated")
    CENSUS_CODES = "census_codes", _("census codes imported")
    SETTINGS = "settings", _("vote settings changed")
    RESET = "reset", _("vote reset")
    RESIDENCE = "residence", _("residence checked")


class AuditEntry(OrganizationOwned):
    """What a staff member did to a vote step, and when (DESIGN.md, "audit of staff actions").

    Never what a ballot said: a paper ballot's entry says *that* it was entered, for which
    scope, and by whom; neither its choices nor its ballot's id (with the time, that id would
    pair the ballot with its participation and so with its census code).
    """

    step = models.ForeignKey(
        Step,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("step"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    action = models.CharField(_("what"), max_length=30, choices=AuditAction.choices)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("staff action")
        verbose_name_plural = _("staff actions")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["step", "-at"], name="audit_entry_step_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"
