"""The pending store and the mix: sealed until a batch is full, counted in random order, all
counted and drafts deleted at the close (docs/decisions/0006-secret-ballot.md)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from tessera.accounts.models import User
from tessera.core.sealing import SealBroken, unseal
from tessera.organizations.models import Organization
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.voting.ballot_rules import Choice
from tessera.voting.models import Ballot, BallotChoice, BallotDraft, PendingBallot
from tessera.voting.selectors import ballot_of
from tessera.voting.services import ballot_submit, draft_save
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def batch_of_three(settings: Any) -> None:
    settings.VOTE_MIX_BATCH = 3


def close(step: Step) -> Step:
    Step.objects.filter(pk=step.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    return Step.objects.get(pk=step.pk)


def test_a_ballot_waits_sealed_and_its_voter_still_sees_and_changes_it(
    voter: User, vote_step: Step, proposals: list[Proposal], settings: Any
) -> None:
    ballot_submit(voter=voter, step=vote_step, choices=[Choice(proposals[3].pk)])
    ballot_submit(voter=voter, step=vote_step, choices=[Choice(proposals[2].pk)])
    assert not Ballot.objects.exists()
    pending = PendingBallot.objects.get()
    sealed = bytes(pending.sealed)
    # The JSON fragment, not the bare id: a one-digit id is in most random bytes.
    for clear in (f"[{proposals[2].pk},".encode(), b"online", b"choices"):
        assert clear not in sealed
    assert unseal(sealed)["choices"] == [[proposals[2].pk, None, None]]
    mine = ballot_of(voter, vote_step, None)
    assert mine is not None
    assert mine.linked
    assert mine.choices == [Choice(proposals[2].pk)]
    settings.SECRET_KEY = "another-secret-" + "z" * 40
    with pytest.raises(SealBroken):
        unseal(sealed)


def test_a_full_batch_is_counted_and_a_later_change_replaces_the_counted_ballot(
    voter: User, organization: Organization, vote_step: Step, proposals: list[Proposal]
) -> None:
    others = [make_user(organization) for _ in range(2)]
    ballot_submit(voter=voter, step=vote_step, choices=[Choice(proposals[3].pk)])
    for other in others:
        ballot_submit(voter=other, step=vote_step, choices=[Choice(proposals[1].pk)])
    assert (Ballot.objects.count(), PendingBallot.objects.count()) == (3, 0)
    ballot_submit(voter=voter, step=vote_step, choices=[Choice(proposals[2].pk)])
    assert ballot_of(voter, vote_step, None).choices == [  # type: ignore[union-attr]
        Choice(proposals[2].pk)
    ]
    closed = close(vote_step)
    out = StringIO()
    with scopes_disabled():
        call_command("votes_close", stdout=out)
    assert "1 ballot(s) counted" in out.getvalue()
    assert Ballot.objects.count() == 3
    assert sorted(BallotChoice.objects.values_list("proposal_id", flat=True)) == sorted(
        [proposals[1].pk, proposals[1].pk, proposals[2].pk]
    )
    assert ballot_of(voter, closed, None).choices == [  # type: ignore[union-attr]
        Choice(proposals[2].pk)
    ]


def test_the_close_deletes_the_drafts(
    voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    draft_save(voter=voter, step=vote_step, district=None, choices=[Choice(proposals[0].pk)])
    with scopes_disabled():
        call_command("votes_close", stdout=StringIO())
    assert BallotDraft.objects.exists()  # still open: the basket stays
    close(vote_step)
    with scopes_disabled():
        call_command("votes_close", stdout=StringIO())
    assert not BallotDraft.objects.exists()
