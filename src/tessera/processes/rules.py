"""Who may see and run processes (predicates; see docs/architecture.md, "Permissions")."""

from __future__ import annotations

from typing import Any

import rules

from tessera.accounts.rules import is_process_manager, is_same_organization
from tessera.processes.models import Process, Visibility


@rules.predicate
def is_published(user: Any, process: Process | None) -> bool:
    return process is not None and process.is_published


@rules.predicate
def is_open_to_all(user: Any, process: Process | None) -> bool:
    return process is not None and process.visibility != Visibility.RESTRICTED


@rules.predicate
def is_allowed_participant(user: Any, process: Process | None) -> bool:
    if process is None or not user.is_authenticated:
        return False
    return process.allowed_users.filter(pk=user.pk).exists()


can_view_process = (is_published & is_open_to_all) | (
    is_same_organization & (is_process_manager | (is_published & is_allowed_participant))
)
can_manage = is_same_organization & is_process_manager

rules.add_perm("processes.view_process", can_view_process)
for _action in ("add", "change", "delete"):
    rules.add_perm(f"processes.{_action}_process", can_manage)
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"processes.{_action}_step", can_manage)

# Themes and districts belong to the organisation; process managers maintain them.
for _model in ("theme", "district"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"organizations.{_action}_{_model}", can_manage)
