"""Who may answer a questionnaire, change a reply, build it and read its results (predicates,
docs/architecture.md "Permissions"; the matrix is tests/questionnaires/test_permissions.py)."""

from __future__ import annotations

from typing import Any

import rules

from tessera.accounts.rules import is_process_manager, is_same_organization, is_verified_resident
from tessera.processes.rules import can_view_process
from tessera.processes.timeline import Phase
from tessera.questionnaires.models import Audience

KIND = "questionnaire"


def _settings(step: Any) -> Any:
    from tessera.questionnaires.selectors import settings_for

    if step is None or getattr(step, "kind", None) != KIND:
        return None
    return settings_for(step)


@rules.predicate
def is_open(user: Any, step: Any) -> bool:
    return _settings(step) is not None and step.phase() is Phase.CURRENT


@rules.predicate
def is_closed(user: Any, step: Any) -> bool:
    return _settings(step) is not None and step.phase() is Phase.PAST


@rules.predicate
def process_is_visible(user: Any, step: Any) -> bool:
    return step is not None and bool(can_view_process.test(user, step.process))


@rules.predicate
def in_audience(user: Any, step: Any) -> bool:
    settings = _settings(step)
    if settings is None:
        return False
    if settings.audience == Audience.ANYONE:
        return True
    if not (user.is_authenticated and is_same_organization.test(user, step)):
        return False
    return settings.audience == Audience.LOGGED_IN or bool(is_verified_resident.test(user))


@rules.predicate
def may_reply_again(user: Any, step: Any) -> bool:
    """Several replies allowed, or this person has not replied yet."""
    from tessera.questionnaires.selectors import has_replied

    settings = _settings(step)
    return settings is not None and (not settings.one_reply or not has_replied(user, step))


@rules.predicate
def replies_editable(user: Any, step: Any) -> bool:
    settings = _settings(step)
    return settings is not None and settings.editable and not settings.anonymous


@rules.predicate
def results_public(user: Any, step: Any) -> bool:
    settings = _settings(step)
    return settings is not None and settings.results_public


manages = is_same_organization & is_process_manager
can_answer = process_is_visible & is_open & in_audience & may_reply_again
can_change_reply = process_is_visible & is_open & in_audience & replies_editable
can_view_results = manages | (process_is_visible & is_closed & results_public)

rules.add_perm("questionnaires.answer", can_answer)
rules.add_perm("questionnaires.change_reply", can_change_reply)
rules.add_perm("questionnaires.build", manages)
rules.add_perm("questionnaires.view_results", can_view_results)
