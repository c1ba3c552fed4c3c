"""From the sealed pending store to the counted ballots, in batches and in random order.

A submission writes its participation and its sealed pending ballot in one transaction: a
reader of the database can pair those two rows (they share PostgreSQL's `xmin`), but the
pending ballot says nothing without the server's secret. The mix is another transaction:
it opens a batch of pending ballots, writes them into `Ballot` and `BallotChoice` in a
random order with random ids and deletes them from the pending store. The counted rows then
share their transaction, their neighbours and their time with the whole batch, never with
one participation: a reader links a voter to a batch at best, never to a ballot in it.

During the vote a batch is mixed once `VOTE_MIX_BATCH` ballots of the step wait (by the
submission that fills it, after its own commit); at the close (`vote_close`, the results'
publication) everything still pending is mixed and the drafts are deleted.
See docs/decisions/0006-secret-ballot.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from tessera.core import sealing
from tessera.core.sealing import Content, seal, shuffle, unseal
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.processes.timeline import Phase
from tessera.voting import ballot_rules as vote_rules
from tessera.voting.models import Ballot, BallotChoice, BallotDraft, PendingBallot

DEFAULT_BATCH = 32


def mix_batch() -> int:
    """How many pending ballots of a step make a batch: the smallest crowd a ballot cast
    during the vote hides in."""
    return sealing.batch_size("VOTE_MIX_BATCH", DEFAULT_BATCH)


def pending_store(
    *,
    step: Step,
    slot: str,
    district: District | None,
    channel: str,
    choices: Sequence[vote_rules.Choice],
    references: Sequence[str] = (),
) -> None:
    """Seal a ballot into the pending store, in the caller's transaction; a ballot already
    waiting in `slot` is replaced (a change before the mix). `references`: the voter's
    reference (current key first), which the counted ballot will carry, then the ones an
    earlier counted ballot may carry (it is replaced at the mix)."""
    content: dict[str, Any] = {
        "district": district.pk if district is not None else None,
        "channel": channel,
        "reference": references[0] if references else None,
        "replaces": list(references),
        "choices": [[c.proposal_id, c.rank, c.points] for c in choices],
    }
    PendingBallot.objects.bulk_create(
        [
            PendingBallot(
                organization_id=step.organization_id, step=step, slot=slot, sealed=seal(content)
            )
        ],
        update_conflicts=True,
        unique_fields=["slot"],
        update_fields=["sealed"],
    )


def pending_content(slots: Sequence[str]) -> dict[str, Any] | None:
    """The opened content of the ballot waiting in one of `slots`, if any."""
    sealed = PendingBallot.objects.filter(slot__in=slots).values_list("sealed", flat=True).first()
    return unseal(bytes(sealed)) if sealed is not None else None


def mix_when_due(step: Step) -> int:
    """After a submission's commit: mix the step's pending ballots once a batch is full. After
    the close nothing is mixed here: `vote_close` mixes the rest at once."""
    if step.phase() is not Phase.CURRENT:
        return 0
    return sealing.mix_when_full(
        PendingBallot.objects.filter(step=step), _counted_writer(step), batch=mix_batch()
    )


def vote_close(step: Step) -> int:
    """Once the vote is closed: every pending ballot counted, every draft deleted. Returns how
    many ballots were mixed."""
    with transaction.atomic(durable=True):
        return mix_remaining(step)


def mix_remaining(step: Step) -> int:
    """Inside the caller's transaction (the publication): mix whatever still waits, waiting for
    a mix in progress, and delete the drafts."""
    mixed = sealing.mix(
        PendingBallot.objects.filter(step=step), _counted_writer(step), minimum=1, skip_locked=False
    )
    BallotDraft.objects.filter(step=step).delete()
    return mixed


def _counted_writer(step: Step) -> sealing.MixedWriter:
    def write(contents: list[Content]) -> None:
        """A shuffled batch into the counted store, replacing the ballots it changes."""
        replaced = [ref for content in contents for ref in content["replaces"]]
        if replaced:
            Ballot.objects.filter(step=step, reference__in=replaced).delete()
        ballots: list[Ballot] = []
        choices: list[BallotChoice] = []
        for content in contents:
            ballot = Ballot(
                organization_id=step.organization_id,
                step=step,
                district_id=content["district"],
                channel=content["channel"],
                reference=content["reference"],
            )
            ballots.append(ballot)
            choices += [
                BallotChoice(
                    organization_id=step.organization_id,
                    ballot=ballot,
                    proposal_id=proposal_id,
                    rank=rank,
                    points=points,
                )
                for proposal_id, rank, points in content["choices"]
            ]
        Ballot.objects.bulk_create(ballots)
        shuffle(choices)
        BallotChoice.objects.bulk_create(choices)

    return write
