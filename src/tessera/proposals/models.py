"""Proposals submitted by residents during a collect step, and what hangs on them.

Each proposal owns one `contributions.Contribution` (its state, moderation and counters: the
supports are its reactions). The PostgreSQL search vector is denormalised on the proposal;
proposals.services keeps it right.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tessera.contributions.models import Contribution, ContributionOwner
from tessera.organizations.models import District, OrganizationOwned, Theme
from tessera.processes.models import Step
from tessera.proposals.statuses import ProposalStatus

MAX_IMAGES = 5
MAX_ATTACHMENTS = 3
TITLE_MIN_LENGTH = 10
TITLE_MAX_LENGTH = 120


def _upload_to(folder: str, instance: Any, filename: str) -> str:
    # Under the organisation's own prefix; the name says nothing of the original file.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{instance.organization.slug}/{folder}/{uuid.uuid4().hex}.{extension}"


def image_upload_to(instance: Any, filename: str) -> str:
    return _upload_to("proposals/images", instance, filename)


def attachment_upload_to(instance: Any, filename: str) -> str:
    return _upload_to("proposals/attachments", instance, filename)


def pending_upload_to(instance: Any, filename: str) -> str:
    return _upload_to("proposals/pending", instance, filename)


class FieldMode(models.TextChoices):
    REQUIRED = "required", _("Required")
    OPTIONAL = "optional", _("Optional")
    HIDDEN = "hidden", _("Hidden")


class CollectSettings(OrganizationOwned):
    """How one collect step collects: which fields it asks, what it accepts."""

    step = models.OneToOneField(
        Step, on_delete=models.CASCADE, related_name="collect_settings", verbose_name=_("step")
    )
    accepts_associations = models.BooleanField(
        _("accepts proposals on behalf of an association"), default=False
    )
    cost_mode = models.CharField(
        _("estimated cost"), max_length=8, choices=FieldMode.choices, default=FieldMode.OPTIONAL
    )
    cost_min = models.PositiveIntegerField(_("minimum cost (€)"), null=True, blank=True)
    cost_max = models.PositiveIntegerField(_("maximum cost (€)"), null=True, blank=True)
    address_mode = models.CharField(
        _("address"), max_length=8, choices=FieldMode.choices, default=FieldMode.OPTIONAL
    )
    district_mode = models.CharField(
        _("district"), max_length=8, choices=FieldMode.choices, default=FieldMode.OPTIONAL
    )
    theme_mode = models.CharField(
        _("theme"), max_length=8, choices=FieldMode.choices, default=FieldMode.REQUIRED
    )
    images_enabled = models.BooleanField(_("images allowed"), default=True)
    attachments_enabled = models.BooleanField(_("PDF attachments allowed"), default=True)
    max_proposals_per_person = models.PositiveSmallIntegerField(
        _("maximum proposals per person"), null=True, blank=True
    )
    supports_enabled = models.BooleanField(_("supports enabled"), default=True)
    max_supports_per_person = models.PositiveSmallIntegerField(
        _("maximum supports per person"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("collect settings")
        verbose_name_plural = _("collect settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost_min__isnull=True)
                | models.Q(cost_max__isnull=True)
                | models.Q(cost_max__gte=models.F("cost_min")),
                name="collect_cost_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.step)


class Proposal(ContributionOwner, OrganizationOwned):
    contribution = models.OneToOneField(
        Contribution,
        on_delete=models.CASCADE,
        related_name="proposal",
        verbose_name=_("contribution"),
    )
    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("step")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("author"),
    )
    on_behalf_of = models.CharField(
        _("on behalf of (association or collective)"), max_length=200, blank=True
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"))
    description_html = models.TextField(editable=False, blank=True)
    # Empty when the collect step does not ask for one (CollectSettings.theme_mode).
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("theme"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("district"),
        help_text=_("Empty: the whole city."),
    )
    estimated_cost = models.PositiveIntegerField(_("estimated cost (€)"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PUBLISHED,
    )
    # Set by the analysis (a supervisor asks the author to revise): the author may edit again
    # until then, even after the collect step closed.
    author_may_edit_until = models.DateTimeField(_("author may edit until"), null=True, blank=True)
    # PostgreSQL only (French configuration), kept by proposals.services; NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["step", "status"]),
            models.Index(fields=["step", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    # What the pages read from the contribution (select it with the proposal: see selectors).
    @property
    def official_answer(self) -> str:
        """The text of the city's answer ("" if none): see `answer` for its state and service."""
        answer = self.answer
        return answer.text if answer is not None else ""

    @property
    def supports_count(self) -> int:
        return self.contribution.positive_count

    @property
    def comments_count(self) -> int:
        return self.contribution.comments_count

    def get_absolute_url(self) -> str:
        return reverse(
            "proposals:detail",
            kwargs={"slug": self.step.process.slug, "step_id": self.step_id, "pk": self.pk},
        )


class ProposalImage(OrganizationOwned):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="images", verbose_name=_("proposal")
    )
    image = models.ImageField(_("image"), upload_to=image_upload_to)
    alt_text = models.CharField(_("image description"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text or str(self.image.name)


class ProposalAttachment(OrganizationOwned):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("proposal")
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to)
    title = models.CharField(_("title"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class PendingUpload(OrganizationOwned):
    """A valid file sent with a form that failed on another field, kept for the next try.

    Keyed by the browser session (and the user): the resident does not send it twice.
    Old rows are removed by proposals.services.pending_uploads_purge.
    """

    class Kind(models.TextChoices):
        IMAGE = "image", _("image")
        ATTACHMENT = "attachment", _("attachment")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session_key = models.CharField(max_length=64, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    file = models.FileField(upload_to=pending_upload_to)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pending upload")
        verbose_name_plural = _("pending uploads")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ProposalStatusChange(OrganizationOwned):
    """One move in a proposal's status history, with who made it and the public answer."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("proposal"),
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ProposalStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ProposalStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    public_answer = models.TextField(_("public answer"), blank=True)
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class ProposalRevision(OrganizationOwned):
    """One edit of a proposal: who, when, and each changed field as [before, after]."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("proposal")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    changes = models.JSONField(_("changes"), default=dict)
    created_at = models.DateTimeField(_("edited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return ", ".join(self.changes)
