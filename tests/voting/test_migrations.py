"""The secret-ballot migrations (0002-0004) on ballots stored the old way, and back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tessera.accounts.models import User
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting.secrecy import ballot_reference
from tests.conftest import make_user
from tests.voting.conftest import vote_step_in

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("voting", "0001_initial")]


@pytest.fixture
def executor() -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def old_models(executor: MigrationExecutor) -> object:
    executor.migrate(BEFORE)
    return executor.loader.project_state(BEFORE).apps


def test_ballots_split_into_participations_and_unlinked_ballots_then_back(
    executor: MigrationExecutor,
    process: Process,
    voter: User,
    proposals: list[Proposal],
    organization: object,
) -> None:
    changeable = vote_step_in(process, "during")
    fixed = vote_step_in(process, "during", ballot_changeable=False)
    other = make_user(organization)  # type: ignore[arg-type]
    apps = old_models(executor)
    OldBallot = apps.get_model("voting", "Ballot")  # type: ignore[attr-defined]
    OldChoice = apps.get_model("voting", "BallotChoice")  # type: ignore[attr-defined]
    when = timezone.now()

    def old_ballot(
        step: Step, voter_id: int | None, picks: list[Proposal], **fields: object
    ) -> int:
        ballot = OldBallot.objects.create(
            organization_id=step.organization_id,
            step_id=step.pk,
            voter_id=voter_id,
            submitted_at=when,
            **fields,
        )
        for proposal in picks:
            OldChoice.objects.create(
                organization_id=step.organization_id, ballot=ballot, proposal_id=proposal.pk
            )
        return int(ballot.pk)

    old_ballot(changeable, voter.pk, proposals[:2])
    old_ballot(changeable, other.pk, proposals[2:3])
    old_ballot(changeable, None, proposals[3:], is_paper=True)
    old_ballot(fixed, voter.pk, proposals[1:2])

    executor.loader.build_graph()
    executor.migrate([("voting", "0004_ballot_without_voter")])
    apps = executor.loader.project_state([("voting", "0004_ballot_without_voter")]).apps
    Participation = apps.get_model("voting", "Participation")
    Ballot = apps.get_model("voting", "Ballot")
    Choice = apps.get_model("voting", "BallotChoice")
    assert Participation.objects.count() == 4
    assert set(Participation.objects.values_list("channel", flat=True)) == {"online", "paper"}
    assert Ballot.objects.count() == 4
    assert Choice.objects.count() == 5
    mine = Participation.objects.get(step_id=changeable.pk, voter_id=voter.pk)
    linked = Ballot.objects.get(reference=ballot_reference(mine.pk))
    assert set(Choice.objects.filter(ballot=linked).values_list("proposal_id", flat=True)) == {
        proposals[0].pk,
        proposals[1].pk,
    }
    # A ballot that could not change, and the paper one, are linked to nobody.
    assert Ballot.objects.filter(reference__isnull=True).count() == 2
    assert not Ballot.objects.filter(step_id=fixed.pk, reference__isnull=False).exists()

    executor.loader.build_graph()
    apps = old_models(executor)
    OldBallot = apps.get_model("voting", "Ballot")  # type: ignore[attr-defined]
    assert OldBallot.objects.count() == 4
    back = OldBallot.objects.get(step_id=changeable.pk, voter_id=voter.pk)
    assert back.submitted_at == when
    assert set(back.choices.values_list("proposal_id", flat=True)) == {
        proposals[0].pk,
        proposals[1].pk,
    }
    assert OldBallot.objects.filter(is_paper=True, voter_id__isnull=True).count() == 1
    # The unlinked ballot of the step without changes comes back without its voter.
    assert OldBallot.objects.get(step_id=fixed.pk).voter_id is None
