"""What contributions do when apps below announce something (account deletion), and when a
tool's object is deleted (the contribution it owns goes with it)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.dispatch import receiver

from tessera.accounts.signals import account_deleting
from tessera.contributions.models import Contribution, Report
from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step

# Deleting one of these deletes its contributions through its own cascade (every
# contribution has its step and its organisation): the owners it takes need not ask again.
TAKES_CONTRIBUTIONS = (Contribution, Step, Process, Organization)


@receiver(account_deleting, dispatch_uid="contributions.account_deleting")
def anonymise_contributions(sender: Any, user: Any, **kwargs: Any) -> None:
    """Keep what the person wrote (others reacted and replied to it) without its author."""
    Contribution.objects.filter(author=user).update(author=None)
    # Their reports still count towards hiding, without saying who made them.
    Report.objects.filter(reporter=user).update(reporter=None)


def owner_deleted(sender: Any, instance: Any, origin: Any = None, **kwargs: Any) -> None:
    """A tool's object (a proposal, a comment…) deleted alone takes its contribution with it.

    The contribution owns the reactions, the reports, the answer, the follows and the comments
    about it: left behind, it would be a row without a page in the moderation queue, and its
    comments orphans. Connected for each registered kind's model (kinds.register). When the
    deletion started from something that takes the contributions itself (a step, a process…),
    nothing is asked again per object.
    """
    origin_model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if issubclass(origin_model, TAKES_CONTRIBUTIONS):
        return
    Contribution.objects.filter(pk=instance.contribution_id).delete()
