"""What proposals do when another app announces something (accounts deletion)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from tessera.accounts.signals import account_deleting
from tessera.proposals.models import PendingUpload, Proposal


@receiver(account_deleting, dispatch_uid="proposals.account_deleting")
def anonymise_proposals(sender: Any, user: Any, **kwargs: Any) -> None:
    """Keep the proposals (others supported and discussed them) without their author.

    The association named as author stays: it is public and not a person's data. Files the
    person had sent with a form they never completed are removed.
    """
    Proposal.objects.filter(author=user).update(author=None)
    for pending in PendingUpload.objects.filter(user=user):
        pending.file.delete(save=False)
        pending.delete()
