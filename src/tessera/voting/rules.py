"""Who may do what in a vote (django-rules predicates), asked as
`user.has_perm("voting.<action>", step)`; what a ballot accepts is voting/ballot_rules.py.
"""

from __future__ import annotations

from typing import Any

import rules

from tessera.accounts.rules import is_process_manager, is_same_organization
from tessera.processes.rules import can_view_process
from tessera.processes.timeline import Phase
from tessera.voting.ballot_rules import VOTE
from tessera.voting.eligibility import refusal
from tessera.voting.selectors import results_for_step, vote_settings_for


def _settings_of(step: Any) -> Any:
    return vote_settings_for(step)


def _is_vote_step(step: Any) -> bool:
    return step is not None and getattr(step, "kind", None) == VOTE


@rules.predicate
def step_is_vote(user: Any, step: Any) -> bool:
    return _is_vote_step(step)


@rules.predicate
def step_is_open_vote(user: Any, step: Any) -> bool:
    return _is_vote_step(step) and step.phase() is Phase.CURRENT


@rules.predicate
def step_is_closed_vote(user: Any, step: Any) -> bool:
    return _is_vote_step(step) and step.phase() is Phase.PAST


@rules.predicate
def step_process_is_visible(user: Any, step: Any) -> bool:
    return step is not None and bool(can_view_process.test(user, step.process))


@rules.predicate
def is_eligible_voter(user: Any, step: Any) -> bool:
    """Who may vote is written once, in voting.eligibility (`refusal`: a verified account of
    the organisation, the age at the first ballot of the step); the district is asked when a
    ballot names one."""
    return bool(user.is_authenticated) and refusal(user, step, None) is None


@rules.predicate
def ballot_changeable(user: Any, step: Any) -> bool:
    return bool(_settings_of(step).ballot_changeable)


@rules.predicate
def counts_visible(user: Any, step: Any) -> bool:
    return bool(_settings_of(step).counts_visible)


@rules.predicate
def results_published(user: Any, step: Any) -> bool:
    return _is_vote_step(step) and results_for_step(step) is not None


manages = is_same_organization & is_process_manager
can_vote = step_is_open_vote & step_process_is_visible & is_eligible_voter
can_change_ballot = can_vote & ballot_changeable
can_see_counts = step_process_is_visible & (
    results_published | (counts_visible & (step_is_open_vote | step_is_closed_vote)) | manages
)
can_publish_results = manages & step_is_closed_vote & ~results_published
can_record_paper = manages & (step_is_open_vote | step_is_closed_vote) & ~results_published

rules.add_perm("voting.vote", can_vote)
rules.add_perm("voting.change_ballot", can_change_ballot)
rules.add_perm("voting.view_counts", can_see_counts)
rules.add_perm("voting.publish_results", can_publish_results)
rules.add_perm("voting.record_paper", can_record_paper)
rules.add_perm("voting.manage_codes", manages & (is_same_organization))
rules.add_perm("voting.reset_vote", manages & ~results_published)
# In the back office (/manage/votes/<step>/residence/): find a voter, record where they live.
rules.add_perm("voting.check_residence", manages & step_is_vote)

# The Django admin: process managers configure vote steps.
for _model in (
    "votesettings",
    "districtbudget",
    "themequota",
    "pollingstation",
    "residencecheck",
):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"voting.{_action}_{_model}", manages)
for _model in ("ballot", "results", "votingcode"):
    rules.add_perm(f"voting.view_{_model}", manages)
