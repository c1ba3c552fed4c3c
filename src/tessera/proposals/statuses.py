"""The life of a proposal as a pure table of statuses and the moves allowed between them.

published → under analysis → eligible / ineligible → (after the vote) winner / not selected →
(follow-up) in progress → done / abandoned. The author may withdraw while it is not decided.
Staff may correct an eligibility decision (eligible ↔ ineligible) before the vote.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tessera.contributions.models import AnswerState


class ProposalStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    UNDER_ANALYSIS = "under_analysis", _("Under analysis")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    WINNER = "winner", _("Winner")
    NOT_SELECTED = "not_selected", _("Not selected")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    ABANDONED = "abandoned", _("Abandoned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ProposalStatus

# From each status, the statuses it may move to, in the order the issue states them.
TRANSITIONS: dict[ProposalStatus, tuple[ProposalStatus, ...]] = {
    S.PUBLISHED: (S.UNDER_ANALYSIS, S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN),
    S.UNDER_ANALYSIS: (S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN),
    S.ELIGIBLE: (S.WINNER, S.NOT_SELECTED, S.INELIGIBLE),
    S.INELIGIBLE: (S.ELIGIBLE,),
    S.WINNER: (S.IN_PROGRESS, S.ABANDONED),
    S.NOT_SELECTED: (),
    S.IN_PROGRESS: (S.DONE, S.ABANDONED),
    S.DONE: (),
    S.ABANDONED: (),
    S.WITHDRAWN: (),
}

# Statuses a visitor sees in lists by default (withdrawn proposals are only reachable by link).
LISTED = tuple(status for status in ProposalStatus if status != S.WITHDRAWN)


def allowed_transitions(current: str) -> tuple[ProposalStatus, ...]:
    """The statuses a proposal in `current` may move to (empty for a final status)."""
    return TRANSITIONS[ProposalStatus(current)]


def can_transition(current: str, target: str) -> bool:
    """Whether a proposal may move from `current` to `target`; staying put is not a move."""
    return ProposalStatus(target) in allowed_transitions(current)


def is_final(status: str) -> bool:
    return not TRANSITIONS[ProposalStatus(status)]


# What an official answer given with a status says (the state of its contributions.Answer).
ANSWER_STATES: dict[ProposalStatus, AnswerState] = {
    **{status: AnswerState.ACCEPTED for status in (S.ELIGIBLE, S.WINNER, S.IN_PROGRESS, S.DONE)},
    **{status: AnswerState.REJECTED for status in (S.INELIGIBLE, S.NOT_SELECTED, S.ABANDONED)},
    S.UNDER_ANALYSIS: AnswerState.UNDER_REVIEW,
}


def answer_state(status: str) -> AnswerState:
    """The state of the official answer given when a proposal moves to `status`."""
    return ANSWER_STATES.get(ProposalStatus(status), AnswerState.ANSWERED)
