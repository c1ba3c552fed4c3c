"""A participatory process and its timeline of dated steps."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import District, OrganizationOwned, Theme
from tessera.processes import kinds, timeline


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: listed and open to all")
    UNLISTED = "unlisted", _("Unlisted: open to anyone with the link")
    RESTRICTED = "restricted", _("Restricted: only the listed participants")


def cover_upload_to(instance: Process, filename: str) -> str:
    # Files live under the organisation's own prefix; the name says nothing of the original.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"{instance.organization.slug}/processes/{uuid.uuid4().hex}.{extension}"


class Process(OrganizationOwned):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in the address"), max_length=80, allow_unicode=False)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences shown on lists.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: **bold**, *italics*, lists, links.")
    )
    description_html = models.TextField(editable=False, blank=True)
    cover = models.ImageField(_("cover image"), upload_to=cover_upload_to, blank=True)
    cover_alt = models.CharField(
        _("cover image description"),
        max_length=200,
        blank=True,
        help_text=_("For people who cannot see the image; leave empty if it is decorative."),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="processes", verbose_name=_("themes")
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="processes", verbose_name=_("districts")
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    allowed_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="restricted_processes",
        verbose_name=_("participants allowed"),
        help_text=_("Only for a restricted process."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("A draft is seen by staff only.")
    )
    # The first step's start and the last step's end, kept by processes.services so that
    # lists filter on the status (open, upcoming, closed) without reading every step.
    starts_at = models.DateTimeField(_("starts at"), null=True, editable=False, db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A process with contributions is archived instead of deleted (ballots are never
    # deleted): unpublished, out of the back office's working list, its data kept.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["-starts_at", "-created_at"]
        constraints = [
            models.UniqueConstraint("organization", "slug", name="unique_process_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:detail", kwargs={"slug": self.slug})

    def status(self, now: datetime | None = None) -> timeline.ProcessStatus:
        return timeline.process_status(self.starts_at, self.ends_at, now or timezone.now())


class Step(OrganizationOwned):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="steps", verbose_name=_("process")
    )
    kind = models.CharField(
        _("kind"),
        max_length=40,
        default="presentation",
        help_text=_("What happens during this step."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(editable=False, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="step_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["process", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:step", kwargs={"slug": self.process.slug, "step_id": self.pk})

    @property
    def kind_object(self) -> kinds.StepKind:
        return kinds.get(self.kind)

    def phase(self, now: datetime | None = None) -> timeline.Phase:
        return timeline.phase(self, now or timezone.now())
