"""What a realisation may be, and who may do what with it.

The first half is pure: `update_errors` judges the values staff want to give a realisation
(plain data in, messages out), so services, forms and tests ask the same question.

The second half registers the permissions (django-rules), asked as
`user.has_perm("followup.<action>", object)`:

- everyone who may see a process sees its realisations and their news
  (`view_realisation_page`; the object is the realisation);
- process managers and administrators of the organisation run the follow-up back office:
  the list (`manage`; object None or a process), editing a realisation (`change_realisation`,
  the Django admin's too), publishing news (`publish_news`) and creating the realisations of a
  process's winners (`create_realisations`; the object is the process). Moderators and
  analysts do not: the follow-up is the city's word to the public.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import rules
from django.utils.translation import gettext as _

from tessera.accounts.rules import is_process_manager, is_same_organization
from tessera.followup.statuses import RealisationStatus, can_transition
from tessera.processes.rules import can_view_process

ENDED = (RealisationStatus.DONE, RealisationStatus.ABANDONED)


def update_errors(
    *, current_status: str, values: Mapping[str, Any], today: date
) -> dict[str, list[str]]:
    """The reasons, per field, why a realisation in `current_status` cannot take `values`.

    `values` holds the realisation's fields after the update (status, progress, abandon_reason,
    the four dates and the two budgets); an empty result means the update is valid.
    """
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    status = values["status"]
    if not can_transition(current_status, status):
        refuse(
            "status",
            _("A realisation cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": RealisationStatus(current_status).label,
                "to": RealisationStatus(status).label,
            },
        )
    progress = values["progress"]
    if progress is None or not 0 <= progress <= 100:
        refuse("progress", _("The progress is a number between 0 and 100."))
    elif status == RealisationStatus.DONE and progress != 100:
        refuse("progress", _("A done realisation is complete: set its progress to 100."))
    _check_abandon_reason(status, values["abandon_reason"], refuse)
    _check_dates(status, values, today, refuse)
    for field in ("budget_voted", "budget_spent"):
        if values[field] is not None and values[field] < 0:
            refuse(field, _("An amount cannot be negative."))
    return errors


def _check_abandon_reason(status: str, reason: str, refuse: Any) -> None:
    if status == RealisationStatus.ABANDONED and not reason.strip():
        refuse("abandon_reason", _("Say why the realisation is abandoned: the public reads it."))
    if status != RealisationStatus.ABANDONED and reason.strip():
        refuse("abandon_reason", _("Give a reason only when the realisation is abandoned."))


def _check_dates(status: str, values: Mapping[str, Any], today: date, refuse: Any) -> None:
    planned_start, planned_end = values["planned_start"], values["planned_end"]
    actual_start, actual_end = values["actual_start"], values["actual_end"]
    if planned_start and planned_end and planned_end < planned_start:
        refuse("planned_end", _("The planned end cannot be before the planned start."))
    if actual_start and actual_start > today:
        refuse("actual_start", _("The actual start cannot be in the future."))
    if actual_end and actual_end > today:
        refuse("actual_end", _("The actual end cannot be in the future."))
    if actual_end and not actual_start:
        refuse("actual_start", _("Give the actual start as well as the actual end."))
    if actual_start and actual_end and actual_end < actual_start:
        refuse("actual_end", _("The actual end cannot be before the actual start."))
    if actual_end and status not in ENDED:
        refuse("actual_end", _("An actual end is only for a done or abandoned realisation."))


@rules.predicate
def process_is_visible(user: Any, realisation: Any) -> bool:
    """The realisation's process is one this user may see (published, or theirs to see)."""
    return realisation is not None and bool(can_view_process.test(user, realisation.process))


manages = is_same_organization & is_process_manager

rules.add_perm("followup.view_realisation_page", process_is_visible)
rules.add_perm("followup.manage", manages)
rules.add_perm("followup.publish_news", manages)
rules.add_perm("followup.create_realisations", manages)

# The Django admin: the history is read-only (it is written by followup.services only).
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"followup.{_action}_realisation", manages)
    rules.add_perm(f"followup.{_action}_newspost", manages)
rules.add_perm("followup.view_realisationupdate", manages)
