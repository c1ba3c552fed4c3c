"""The collect step's limits per person: how many proposals one may submit, how many one may
support. The decision is pure (limit_reached); the counts are read under a lock on the
person's row, so two submissions sent at once cannot both pass the last place."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import ngettext

from tessera.accounts.models import User
from tessera.contributions.models import Reaction, ReactionValue
from tessera.processes.models import Step
from tessera.proposals.models import CollectSettings, Proposal
from tessera.proposals.statuses import ProposalStatus


class CollectLimitReached(Exception):
    """Refused by a collect limit; `code` is "proposals" or "supports"."""

    def __init__(self, code: str, limit: int) -> None:
        super().__init__(code)
        self.code = code
        self.limit = limit

    @property
    def message(self) -> str:
        if self.code == "proposals":
            return ngettext(
                "You have already submitted %(limit)d proposal in this step, the most "
                "one person may submit.",
                "You have already submitted %(limit)d proposals in this step, the most "
                "one person may submit: withdraw one to submit another.",
                self.limit,
            ) % {"limit": self.limit}
        return ngettext(
            "You already support %(limit)d proposal, the most one person may support in this step.",
            "You already support %(limit)d proposals, the most one person may support in this "
            "step: take back a support to give it to another proposal.",
            self.limit,
        ) % {"limit": self.limit}


def limit_reached(limit: int | None, used: int) -> bool:
    """No limit (None) is never reached; a limit of N is reached once N are used."""
    return limit is not None and used >= limit


def proposals_submitted(user: User, step: Step) -> int:
    """Proposals of this person in this step that still count (a withdrawn one frees its place)."""
    return (
        Proposal.objects.filter(step=step, author=user)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .count()
    )


def supports_given(user: User, step: Step) -> int:
    return Reaction.objects.filter(
        user=user, contribution__step=step, value=ReactionValue.POSITIVE
    ).count()


def _check(code: str, limit: int | None, user: User, count: Callable[[], int]) -> None:
    if limit is None:
        return
    # Both tries of one person wait here in turn: the second counts the first's row.
    assert transaction.get_connection().in_atomic_block, "call inside the write's transaction"
    User.objects.select_for_update().filter(pk=user.pk).exists()
    if limit_reached(limit, count()):
        raise CollectLimitReached(code, limit)


def proposals_limit_check(*, user: User, step: Step, settings: CollectSettings) -> None:
    """Raise CollectLimitReached when this person may submit no more proposals here."""
    limit = settings.max_proposals_per_person
    _check("proposals", limit, user, lambda: proposals_submitted(user, step))


def supports_limit_check(*, user: User, step: Step, settings: CollectSettings) -> None:
    """Raise CollectLimitReached when this person may support no more proposals here."""
    limit = settings.max_supports_per_person
    _check("supports", limit, user, lambda: supports_given(user, step))


def limits_message(user: User, step: Step, settings: CollectSettings) -> str:
    """What the submission form says of the limit, before anyone reaches it."""
    limit = settings.max_proposals_per_person
    if limit is None:
        return ""
    used = proposals_submitted(user, step)
    return ngettext(
        "You may submit %(limit)d proposal in this step (%(used)d submitted).",
        "You may submit %(limit)d proposals in this step (%(used)d submitted).",
        limit,
    ) % {"limit": limit, "used": used}
