"""Who may vote in a votation, see its results and count its paper votes (predicates,
docs/architecture.md "Permissions"; the matrix is tests/votations/test_permissions.py)."""

from __future__ import annotations

from typing import Any

import rules

from tessera.accounts.rules import is_process_manager, is_same_organization
from tessera.processes.rules import can_view_process
from tessera.processes.timeline import Phase

KIND = "votation"


def _settings(step: Any) -> Any:
    from tessera.votations.selectors import settings_for

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
def is_eligible(user: Any, step: Any) -> bool:
    """Who may vote with an account is written once, in votations.eligibility."""
    from tessera.votations.eligibility import refusal

    settings = _settings(step)
    return settings is not None and refusal(user, settings) is None


@rules.predicate
def may_vote_again(user: Any, step: Any) -> bool:
    """Not voted yet, or the ballot may change until the close."""
    from tessera.votations.selectors import participation_of

    settings = _settings(step)
    if settings is None:
        return False
    return settings.ballot_changeable or participation_of(user, step) is None


@rules.predicate
def codes_allowed(user: Any, step: Any) -> bool:
    settings = _settings(step)
    return settings is not None and settings.codes_allowed


manages = is_same_organization & is_process_manager
can_vote = process_is_visible & is_open & is_eligible & may_vote_again
can_vote_with_code = process_is_visible & is_open & codes_allowed
can_view_results = process_is_visible & is_closed

rules.add_perm("votations.vote", can_vote)
rules.add_perm("votations.vote_with_code", can_vote_with_code)
rules.add_perm("votations.view_results", can_view_results)
rules.add_perm("votations.count_paper", manages)
