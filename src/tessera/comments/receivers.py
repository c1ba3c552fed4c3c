"""What comments do when apps below announce something (account deletion, proposal reports)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from tessera.accounts.signals import account_deleting
from tessera.comments.models import Comment, CommentReport
from tessera.comments.moderation import proposal_hide_if_reported_enough
from tessera.proposals.signals import proposal_reported


@receiver(account_deleting, dispatch_uid="comments.account_deleting")
def anonymise_comments(sender: Any, user: Any, **kwargs: Any) -> None:
    """Keep the comments (others replied to them) without their author; forget who reported."""
    Comment.objects.filter(author=user).update(author=None)
    CommentReport.objects.filter(reporter=user).update(reporter=None)


@receiver(proposal_reported, dispatch_uid="comments.proposal_reported")
def hide_proposal_reported_enough(sender: Any, proposal: Any, **kwargs: Any) -> None:
    proposal_hide_if_reported_enough(proposal=proposal)
