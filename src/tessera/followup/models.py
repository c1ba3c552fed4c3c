"""Realisations: the winners of a vote as the city carries them out, followed in public.

A realisation belongs to its process for good; its follow-up step (where it is shown in the
timeline) may be edited away without losing the realisation, its history or its news.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.accounts.models import Service
from tessera.followup.statuses import RealisationStatus
from tessera.organizations.models import District, OrganizationOwned, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal


def news_image_upload_to(instance: NewsPost, filename: str) -> str:
    # Under the organisation's own prefix; the name says nothing of the original file.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"{instance.organization.slug}/followup/news/{uuid.uuid4().hex}.{extension}"


class Realisation(OrganizationOwned):
    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.PROTECT,
        related_name="realisation",
        verbose_name=_("original proposal"),
    )
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="realisations", verbose_name=_("process")
    )
    step = models.ForeignKey(
        Step,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="realisations",
        verbose_name=_("follow-up step"),
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RealisationStatus.choices,
        default=RealisationStatus.TO_START,
    )
    abandon_reason = models.TextField(
        _("reason for abandoning"), blank=True, help_text=_("Required when abandoned; public.")
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    budget_voted = models.PositiveBigIntegerField(_("budget voted (€)"), null=True, blank=True)
    budget_spent = models.PositiveBigIntegerField(_("budget spent (€)"), null=True, blank=True)
    service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="realisations",
        verbose_name=_("responsible service"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="realisations",
        verbose_name=_("district"),
        help_text=_("Empty: the whole city."),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="realisations",
        verbose_name=_("theme"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="realisation_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=RealisationStatus.ABANDONED)
                | ~models.Q(abandon_reason=""),
                name="realisation_abandon_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_start__isnull=True)
                | models.Q(planned_end__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="realisation_planned_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(actual_start__isnull=True)
                | models.Q(actual_end__isnull=True)
                | models.Q(actual_end__gte=models.F("actual_start")),
                name="realisation_actual_dates_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["process", "status"]),
            models.Index(fields=["-updated_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:detail", kwargs={"pk": self.pk})


class RealisationUpdate(OrganizationOwned):
    """One staff update of a realisation: who, when, and each changed field as [before, after].

    Values are what a reader of the history needs: codes for the status, numbers, ISO dates,
    and names (not ids) for the service, district and theme, which may be renamed or removed.
    """

    realisation = models.ForeignKey(
        Realisation,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("realisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    changes = models.JSONField(_("changes"), default=dict)
    created_at = models.DateTimeField(_("updated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("realisation update")
        verbose_name_plural = _("realisation updates")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return ", ".join(self.changes)

    @property
    def status_changed(self) -> bool:
        return "status" in self.changes


class NewsPost(OrganizationOwned):
    """A piece of news on a realisation's public timeline, written by staff."""

    realisation = models.ForeignKey(
        Realisation, on_delete=models.CASCADE, related_name="news", verbose_name=_("realisation")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italics*, lists, links."))
    body_html = models.TextField(editable=False, blank=True)
    image = models.ImageField(_("image"), upload_to=news_image_upload_to, blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )

    class Meta:
        verbose_name = _("news")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["realisation", "-published_at"])]

    def __str__(self) -> str:
        return self.title


class FollowupSettings(OrganizationOwned):
    """What a follow-up step shows the public: which statuses, and the budgets or not."""

    step = models.OneToOneField(
        Step, on_delete=models.CASCADE, related_name="followup_settings", verbose_name=_("step")
    )
    statuses = models.JSONField(
        _("statuses shown"), default=list, blank=True, help_text=_("Empty: every status.")
    )
    budgets_public = models.BooleanField(_("budgets published"), default=True)

    class Meta:
        verbose_name = _("follow-up settings")
        verbose_name_plural = _("follow-up settings")

    def __str__(self) -> str:
        return str(self.step)


class ResultsSettings(OrganizationOwned):
    """What a results step's page shows: its introduction, the winners' votes, the turnout."""

    step = models.OneToOneField(
        Step, on_delete=models.CASCADE, related_name="results_settings", verbose_name=_("step")
    )
    introduction = models.TextField(_("text introducing the winners"), blank=True)
    show_scores = models.BooleanField(_("votes of each winner shown"), default=True)
    show_turnout = models.BooleanField(_("turnout shown"), default=True)

    class Meta:
        verbose_name = _("results settings")
        verbose_name_plural = _("results settings")

    def __str__(self) -> str:
        return str(self.step)
