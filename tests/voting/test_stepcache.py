"""The cached vote step: a submission reads no settings, step or proposals from the database,
and what staff change reaches the next submission at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tessera.accounts.models import User
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_status_change
from tessera.proposals.statuses import ProposalStatus
from tessera.voting.ballot_rules import Choice
from tessera.voting.models import ThemeQuota
from tessera.voting.selectors import ballot_rules_for
from tessera.voting.services import BallotRefused, ballot_submit, draft_save
from tests.voting.conftest import settings_of, vote_url

pytestmark = pytest.mark.django_db


def fresh(step: Step) -> Step:
    """Another request's view of the step: nothing kept on the object."""
    return Step.objects.get(pk=step.pk)


def test_a_submission_through_the_page_runs_few_queries(
    client: Client, voter: User, vote_step: Step, proposals: list[Proposal], settings: Any
) -> None:
    from django.db import connection

    from tessera.voting.models import PendingBallot

    settings.VOTE_MIX_BATCH = 100  # the voter's own request; a full batch adds its mix

    client.force_login(voter)
    client.get(vote_url(vote_step))  # fills the step's cache, as any vote page does
    draft_save(voter=voter, step=vote_step, district=None, choices=[Choice(proposals[3].pk)])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(vote_url(vote_step, "submit"))
    assert response.status_code == 302
    assert PendingBallot.objects.count() == 1
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    for cached in ("voting_votesettings", "processes_step", "proposals_proposal"):
        assert cached not in tables
    # session, user, draft, savepoints + participation, the sealed ballot, draft deletion,
    # the pending count, and the thank-you e-mail's site host (organisation's hosts).
    assert len(queries.captured_queries) <= 11, tables


def test_staff_changes_reach_the_next_submission(
    voter: User, vote_step: Step, proposals: list[Proposal], manager: User, theme: object
) -> None:
    p60, p30, _p20, p10 = proposals
    assert p60.pk in ballot_rules_for(fresh(vote_step), None).proposals
    settings = settings_of(vote_step)
    settings.budget = 20_000
    settings.save()
    with pytest.raises(BallotRefused):
        ballot_submit(voter=voter, step=fresh(vote_step), choices=[Choice(p30.pk)])
    ThemeQuota.objects.create(
        organization=vote_step.organization, settings=settings, theme=theme, max_choices=0
    )
    with pytest.raises(BallotRefused):
        ballot_submit(voter=voter, step=fresh(vote_step), choices=[Choice(p10.pk)])
    ThemeQuota.objects.all().delete()
    proposal_status_change(
        proposal=p10, to_status=ProposalStatus.NOT_SELECTED, changed_by=manager, notify=False
    )
    assert p10.pk not in ballot_rules_for(fresh(vote_step), None).proposals
    with pytest.raises(BallotRefused):
        ballot_submit(voter=voter, step=fresh(vote_step), choices=[Choice(p10.pk)])
    Step.objects.filter(pk=vote_step.pk).update(title="unseen")  # no signal: the cache stays
    assert ballot_rules_for(fresh(vote_step), None).budget == 20_000
    step = fresh(vote_step)
    step.title = "Vote final"
    step.save()
    from tessera.voting.stepcache import step_for

    assert step_for(vote_step.organization_id, vote_step.pk).title == "Vote final"  # type: ignore[union-attr]


def test_a_proposal_the_moderation_hides_leaves_the_ballot_at_once(
    voter: User, vote_step: Step, proposals: list[Proposal], moderator: User
) -> None:
    from django.test import TestCase

    from tessera.contributions.moderation import contribution_review

    p60 = proposals[0]
    assert p60.pk in ballot_rules_for(fresh(vote_step), None).proposals  # now in the cache
    with TestCase.captureOnCommitCallbacks(execute=True):
        contribution_review(
            contribution=p60.contribution, moderator=moderator, action="hide", reason="Injurieux"
        )
    assert p60.pk not in ballot_rules_for(fresh(vote_step), None).proposals
    with pytest.raises(BallotRefused):
        ballot_submit(voter=voter, step=fresh(vote_step), choices=[Choice(p60.pk)])
    with TestCase.captureOnCommitCallbacks(execute=True):
        contribution_review(contribution=p60.contribution, moderator=moderator, action="unhide")
    assert p60.pk in ballot_rules_for(fresh(vote_step), None).proposals
