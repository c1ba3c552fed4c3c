"""Who may react to a contribution, and the pure rule behind it (see docs/architecture.md).

Asked as `user.has_perm("contributions.react", contribution)`. The kind says whether it takes
reactions at all and, through its `reactions_open` hook, whether its step and phase take them
now (the collect step is running and the step's settings allow supports); this module adds
what every kind shares: a verified resident of the organisation, on a published contribution.
"""

from __future__ import annotations

from typing import Any

import rules

from tessera.accounts.rules import is_moderator, is_same_organization, is_verified_resident
from tessera.contributions import kinds
from tessera.contributions.models import ContributionState


def reactions_allowed(*, offers_reactions: bool, state: str, tool_open: bool) -> bool:
    """A contribution takes reactions: its kind offers them, it is published, its tool is open.

    A withdrawn or hidden contribution keeps its counters but takes no new reaction.
    """
    return offers_reactions and state == ContributionState.PUBLISHED and tool_open


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
def is_not_banned(user: Any) -> bool:
    """No ban keeps this person from contributing now (tools add it to their own rules)."""
    from tessera.contributions.selectors import active_ban

    return active_ban(user) is None


can_react = is_verified_resident & is_same_organization & is_not_banned & takes_reactions
moderates = is_same_organization & is_moderator

rules.add_perm("contributions.react", can_react)
rules.add_perm("contributions.ban", moderates)
