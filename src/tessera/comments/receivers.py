"""What comments do when apps below announce something (account deletion)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from tessera.accounts.signals import account_deleting
from tessera.comments.models import Comment


@receiver(account_deleting, dispatch_uid="comments.account_deleting")
def anonymise_comments(sender: Any, user: Any, **kwargs: Any) -> None:
    """Keep the comments (others replied to them) without their author."""
    Comment.objects.filter(author=user).update(author=None)
