"""Comments on proposals (one level of replies), their reports and the moderation settings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import OrganizationOwned
from tessera.proposals.models import Proposal, ReportReason

BODY_MAX_LENGTH = 3000
DEFAULT_REPORTS_THRESHOLD = 3


class ModerationSettings(OrganizationOwned):
    """How the organisation moderates; no row means the defaults."""

    reports_threshold = models.PositiveSmallIntegerField(
        _("reports before hiding"),
        default=DEFAULT_REPORTS_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Content reported by this many different people is hidden until a moderator reviews it."
        ),
    )

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")
        constraints = [
            models.UniqueConstraint("organization", name="one_moderation_settings_per_org"),
        ]

    def __str__(self) -> str:
        return str(self.reports_threshold)


class Comment(OrganizationOwned):
    """A resident's comment on a proposal, or a reply to one (never a reply to a reply)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="comments", verbose_name=_("proposal")
    )
    # NULL once the author deleted their account: the comment stays, anonymous.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    body = models.TextField(_("comment"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)
    # Deleted by its author while it had replies: the row stays as a placeholder, text erased.
    deleted = models.BooleanField(_("deleted by its author"), default=False)
    hidden = models.BooleanField(_("hidden by moderation"), default=False)
    hidden_reason = models.CharField(_("public reason for hiding"), max_length=300, blank=True)
    hidden_automatically = models.BooleanField(
        _("hidden after reports, awaiting review"), default=False
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True, editable=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            # The page reads the top comments of a proposal, newest first, then their replies.
            models.Index(fields=["proposal", "parent", "-created_at"], name="comment_thread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} → {self.proposal_id}"

    def get_absolute_url(self) -> str:
        return f"{self.proposal.get_absolute_url()}#comment-{self.pk}"


class CommentReport(OrganizationOwned):
    """A resident reports a comment to the moderators (one report per person and comment)."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("comment")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=12, choices=ReportReason.choices)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint("comment", "reporter", name="one_comment_report_per_reporter"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.comment_id}"
