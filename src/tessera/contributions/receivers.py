"""What contributions do when apps below announce something (account deletion)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from tessera.accounts.signals import account_deleting
from tessera.contributions.models import Contribution, Report


@receiver(account_deleting, dispatch_uid="contributions.account_deleting")
def anonymise_contributions(sender: Any, user: Any, **kwargs: Any) -> None:
    """Keep what the person wrote (others reacted and replied to it) without its author."""
    Contribution.objects.filter(author=user).update(author=None)
    # Their reports still count towards hiding, without saying who made them.
    Report.objects.filter(reporter=user).update(reporter=None)
