"""What followup does when another app announces something (account deletion)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from tessera.accounts.signals import account_deleting
from tessera.followup.models import NewsPost, RealisationUpdate


@receiver(account_deleting, dispatch_uid="followup.account_deleting")
def anonymise_followup(sender: Any, user: Any, **kwargs: Any) -> None:
    """Keep the news and the history (the public and the audit need them) without the person."""
    NewsPost.objects.filter(author=user).update(author=None)
    RealisationUpdate.objects.filter(author=user).update(author=None)
