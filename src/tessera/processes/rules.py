"""Who may see and run processes (predicates; see docs/architecture.md, "Permissions")."""

from __future__ import annotations

from typing import Any

import rules

from tessera.accounts.rules import is_process_manager
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


can_view_process = is_process_manager | (is_published & (is_open_to_all | is_allowed_participant))

rules.add_perm("processes.view_process", can_view_process)
rules.add_perm("processes.add_process", is_process_manager)
rules.add_perm("processes.change_process", is_process_manager)
rules.add_perm("processes.delete_process", is_process_manager)
rules.add_perm("processes.view_step", is_process_manager)
rules.add_perm("processes.add_step", is_process_manager)
rules.add_perm("processes.change_step", is_process_manager)
rules.add_perm("processes.delete_step", is_process_manager)

# Themes and districts belong to the organisation; process managers maintain them.
for _model in ("theme", "district"):
    rules.add_perm(f"organizations.view_{_model}", is_process_manager)
    rules.add_perm(f"organizations.add_{_model}", is_process_manager)
    rules.add_perm(f"organizations.change_{_model}", is_process_manager)
    rules.add_perm(f"organizations.delete_{_model}", is_process_manager)
