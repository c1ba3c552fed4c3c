"""Comments on any contribution whose kind offers comments (one level of replies).

A comment points at the contribution it is about (`target`: a proposal's, tomorrow an
idea's…) and owns one `contributions.Contribution` of its own (kind "comment"): its
moderation state (hidden with a public reason) and its reports hang there, as a proposal's do.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.deletion import Collector
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.contributions.models import Contribution, ContributionOwner
from tessera.organizations.models import OrganizationOwned

BODY_MAX_LENGTH = 3000


def cascade_with_own_contributions(
    collector: Collector, field: Any, sub_objs: Any, using: str
) -> None:
    """CASCADE, and the deleted comments' own contributions go with them.

    A comment owns its contribution (its reports, its reactions), so a comment deleted with
    what it is about (or with the comment it replies to) must not leave that row behind.
    Collected in the same deletion: one query for all of them, not one per comment.
    """
    models.CASCADE(collector, field, sub_objs, using)
    collector.collect(
        Contribution.objects.using(using).filter(comment__in=sub_objs), fail_on_restricted=False
    )


class Comment(ContributionOwner, OrganizationOwned):
    """A resident's comment on a contribution, or a reply to one (never a reply to a reply)."""

    contribution = models.OneToOneField(
        Contribution,
        on_delete=models.CASCADE,
        related_name="comment",
        verbose_name=_("contribution"),
    )
    # What the comment is about: its counter is `target.comments_count`.
    target = models.ForeignKey(
        Contribution,
        on_delete=cascade_with_own_contributions,
        related_name="comments",
        verbose_name=_("commented contribution"),
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
        on_delete=cascade_with_own_contributions,
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
            # The page reads the top comments of a contribution, newest first, then replies.
            models.Index(fields=["target", "parent", "-created_at"], name="comment_thread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} → {self.target_id}"

    def get_absolute_url(self) -> str:
        """Its permalink: it redirects to the page of its thread on what it is about."""
        return reverse("comments:show", kwargs={"pk": self.pk})
