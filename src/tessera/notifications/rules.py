"""Who may follow what, read which notification, see the failed e-mails (django-rules)."""

from __future__ import annotations

from typing import Any

import rules

from tessera.accounts.rules import is_administrator, is_same_organization, is_verified_resident
from tessera.followup.models import Realisation
from tessera.processes.models import Process
from tessera.proposals.models import Proposal


def _process_of(target: Any) -> Process | None:
    if isinstance(target, Proposal):
        return target.step.process
    if isinstance(target, Realisation):
        return target.process
    return target if isinstance(target, Process) else None


@rules.predicate
def can_see_target(user: Any, target: Any) -> bool:
    """Following is only for what one may see (a restricted process stays restricted)."""
    process = _process_of(target)
    if process is None or not user.has_perm("processes.view_process", process):
        return False
    return not (isinstance(target, Proposal) and target.hidden)


@rules.predicate
def is_recipient(user: Any, notification: Any) -> bool:
    return bool(user.is_authenticated and notification.user_id == user.pk)


rules.add_perm("notifications.follow", is_verified_resident & is_same_organization & can_see_target)
rules.add_perm("notifications.view_notification", is_recipient)
rules.add_perm("notifications.change_notification", is_recipient)
# The preferences and the centre are one's own: any logged-in account has them.
rules.add_perm("notifications.change_preferences", rules.is_authenticated)
rules.add_perm("notifications.view_centre", rules.is_authenticated)
# Failed deliveries show addresses and errors: administrators only.
rules.add_perm("notifications.view_delivery", is_administrator)
rules.add_perm("notifications.change_delivery", is_administrator)
rules.add_perm("notifications.view_event", is_administrator)
