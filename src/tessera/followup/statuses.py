"""The life of a realisation as a pure table of statuses and the moves allowed between them.

to start → studies → works → done; abandoned from any status that is not final. A study may
be skipped (small works start at once); done and abandoned are final, as they are for the
proposal the realisation carries out.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tessera.proposals.statuses import ProposalStatus
from tessera.proposals.statuses import can_transition as proposal_transition_allowed


class RealisationStatus(models.TextChoices):
    TO_START = "to_start", _("To start")
    STUDIES = "studies", _("Studies")
    WORKS = "works", _("Works")
    DONE = "done", _("Done")
    ABANDONED = "abandoned", _("Abandoned")


S = RealisationStatus

TRANSITIONS: dict[RealisationStatus, tuple[RealisationStatus, ...]] = {
    S.TO_START: (S.STUDIES, S.WORKS, S.ABANDONED),
    S.STUDIES: (S.WORKS, S.ABANDONED),
    S.WORKS: (S.DONE, S.ABANDONED),
    S.DONE: (),
    S.ABANDONED: (),
}

# The statuses the public counts group under "in progress".
IN_PROGRESS = (S.STUDIES, S.WORKS)
# The statuses of a realisation not finished yet (late once past its planned end).
UNFINISHED = (S.TO_START, *IN_PROGRESS)


def allowed_transitions(current: str) -> tuple[RealisationStatus, ...]:
    """The statuses a realisation in `current` may move to (empty for a final status)."""
    return TRANSITIONS[RealisationStatus(current)]


def can_transition(current: str, target: str) -> bool:
    """Whether `current` may become `target`; staying in the same status is always allowed."""
    return current == target or RealisationStatus(target) in allowed_transitions(current)


# The proposal a realisation carries out follows it: under way, done or abandoned.
PROPOSAL_STATUS_FOR = {
    S.STUDIES: ProposalStatus.IN_PROGRESS,
    S.WORKS: ProposalStatus.IN_PROGRESS,
    S.DONE: ProposalStatus.DONE,
    S.ABANDONED: ProposalStatus.ABANDONED,
}


def proposal_moves(realisation_status: str, proposal_status: str) -> tuple[ProposalStatus, ...]:
    """The statuses the proposal goes through, in order, to match its realisation's status.

    A winner whose realisation is done at once passes through "in progress", the only way the
    proposals' own table allows; a proposal in no follow-up status (say, a winner reverted by
    hand) is left as it is.
    """
    target = PROPOSAL_STATUS_FOR.get(RealisationStatus(realisation_status))
    if target is None or proposal_status == target:
        return ()
    if proposal_transition_allowed(proposal_status, target):
        return (target,)
    step = ProposalStatus.IN_PROGRESS
    if proposal_transition_allowed(proposal_status, step) and proposal_transition_allowed(
        step, target
    ):
        return (step, target)
    return ()
