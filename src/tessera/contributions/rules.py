"""Who may react to, report and moderate contributions, and the pure rules behind it.

Asked as `user.has_perm("contributions.react", contribution)` (and `.report`, `.answer`,
`.view_hidden`; `.moderate`, `.ban` and `.change_moderationsettings` on the organisation); see
docs/architecture.md.
For reactions, the kind says whether it takes them at all and, through its `reactions_open`
hook, whether its step and phase take them now (the collect step is running and the step's
settings allow supports); this module adds what every kind shares: a verified resident of
the organisation, not banned, on a published contribution.
"""

from __future__ import annotations

from typing import Any

import rules

from tessera.accounts.rules import (
    is_administrator,
    is_moderator,
    is_process_manager,
    is_same_organization,
    is_verified_resident,
)
from tessera.contributions import kinds
from tessera.contributions.models import ContributionState


def reactions_allowed(*, offers_reactions: bool, state: str, tool_open: bool) -> bool:
    """A contribution takes reactions: its kind offers them, it is published, its tool is open.

    A withdrawn or hidden contribution keeps its counters but takes no new reaction.
    """
    return offers_reactions and state == ContributionState.PUBLISHED and tool_open


def reports_allowed(*, offers_reports: bool, state: str, own: bool) -> bool:
    """A contribution may be reported: its kind offers it, it is published, not one's own.

    Hidden content already waits for a moderator; withdrawn content is no longer shown.
    """
    return offers_reports and state == ContributionState.PUBLISHED and not own


def should_hide_automatically(*, distinct_reporters: int, threshold: int) -> bool:
    """Content reported by `threshold` different people waits for a moderator, hidden."""
    return distinct_reporters >= max(threshold, 1)


def _kind(contribution: Any) -> kinds.ContributionKind:
    return kinds.get(contribution.kind)


@rules.predicate
def takes_reactions(user: Any, contribution: Any) -> bool:
    if contribution is None:
        return False
    kind = _kind(contribution)
    return reactions_allowed(
        offers_reactions=kind.offers(kinds.Feature.REACT),
        state=contribution.state,
        tool_open=kind.offers(kinds.Feature.REACT) and kind.reactions_open(contribution.owner),
    )


@rules.predicate
def takes_reports(user: Any, contribution: Any) -> bool:
    if contribution is None:
        return False
    return reports_allowed(
        offers_reports=_kind(contribution).offers(kinds.Feature.REPORT),
        state=contribution.state,
        own=bool(user.is_authenticated and contribution.author_id == user.pk),
    )


@rules.predicate
def takes_answers(user: Any, contribution: Any) -> bool:
    """Its kind takes an official answer (whatever its state: a hidden one may be answered)."""
    return contribution is not None and _kind(contribution).offers(kinds.Feature.ANSWER)


@rules.predicate
def is_contribution_author(user: Any, contribution: Any) -> bool:
    return bool(
        user.is_authenticated and contribution is not None and contribution.author_id == user.pk
    )


@rules.predicate
def is_not_banned(user: Any) -> bool:
    """No ban keeps this person from contributing now (tools add it to their own rules)."""
    from tessera.contributions.selectors import active_ban

    return active_ban(user) is None


participates = is_verified_resident & is_same_organization & is_not_banned
moderates = is_same_organization & is_moderator

rules.add_perm("contributions.react", participates & takes_reactions)
rules.add_perm("contributions.report", participates & takes_reports)
# The official answer is the organisation's word: the managers of its processes give it.
rules.add_perm("contributions.answer", is_same_organization & is_process_manager & takes_answers)
rules.add_perm("contributions.view_hidden", moderates | is_contribution_author)
rules.add_perm("contributions.moderate", moderates)
rules.add_perm("contributions.ban", moderates)
rules.add_perm("contributions.change_moderationsettings", is_same_organization & is_administrator)
