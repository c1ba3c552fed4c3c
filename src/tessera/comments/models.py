"""Comments on proposals (one level of replies).

Each comment owns one `contributions.Contribution` (kind "comment"): its moderation state
(hidden with a public reason) and its reports (contributions.Report) hang there, as a
proposal's do.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.contributions.models import Contribution, ContributionOwner
from tessera.organizations.models import OrganizationOwned
from tessera.proposals.models import Proposal

BODY_MAX_LENGTH = 3000


class Comment(ContributionOwner, OrganizationOwned):
    """A resident's comment on a proposal, or a reply to one (never a reply to a reply)."""

    contribution = models.OneToOneField(
        Contribution,
        on_delete=models.CASCADE,
        related_name="comment",
        verbose_name=_("contribution"),
    )
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
