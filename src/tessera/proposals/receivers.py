"""What proposals do when another app announces something (account deletion, moderation)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from tessera.accounts.signals import account_deleting
from tessera.contributions.signals import visibility_changed
from tessera.proposals.models import PendingUpload, Proposal
from tessera.proposals.services import KIND
from tessera.proposals.signals import proposal_visibility_changed


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


@receiver(visibility_changed, dispatch_uid="proposals.visibility_changed")
def announce_visibility(sender: Any, contribution: Any, **kwargs: Any) -> None:
    """Tell the apps above that listen to proposals (the vote's cache) in their words."""
    if contribution.kind == KIND:
        proposal = Proposal.objects.get(contribution=contribution)
        proposal_visibility_changed.send(sender=Proposal, proposal=proposal)
