"""A reader of the database, without the application's secret, tries to link the voters of a
votation to their ballots: real concurrent HTTP votes on PostgreSQL, then every join the
reader can think of (transaction ids, physical positions, keys, batches). The vote's test
(tests/voting/test_secrecy_reader.py) for votations."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from django.db import connection

from tessera.processes.models import Process
from tessera.votations.models import Ballot, Participation, PendingBallot
from tessera.votations.services import votation_close
from tests.conftest import make_user
from tests.votations.conftest import close, votation_in
from tests.votations.test_concurrency import csrf_of, post_together
from tests.voting.test_concurrency import session_of
from tests.voting.test_secrecy_reader import pair_in_order, right_guesses

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the reader's joins use PostgreSQL's system columns (CI runs it)",
    ),
]
VOTERS = 32
THREADS = 16
BATCH = 8
RECEIPT = re.compile(r'class="receipt">([A-Z0-9-]+)<')


def system_rows(table: str, step_id: int) -> list[dict[str, Any]]:
    """What a reader with SQL access sees of each row, system columns included."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, xmin::text::bigint, ctid::text FROM {table} WHERE step_id = %s",  # noqa: S608
            [step_id],
        )
        return [
            {"id": pk, "xmin": xmin, "ctid": tuple(int(n) for n in ctid.strip("()").split(","))}
            for pk, xmin, ctid in cursor.fetchall()
        ]


def test_a_database_reader_cannot_link_voters_to_their_ballots(
    live_server: Any, process: Process, settings: Any
) -> None:
    settings.VOTATION_MIX_BATCH = BATCH  # batches mixed while the votation runs
    v = votation_in(process, answers=("Oui", "Non", "Sans avis"), blank=True)
    base = live_server.url.replace("127.0.0.1", "localhost")
    jobs, voter_of_job = [], []
    for index in range(VOTERS):
        voter = make_user(process.organization)
        session = session_of(voter)
        answer = v.answers[index % len(v.answers)]
        jobs.append((session, csrf_of(base, v, session), {"answer": str(answer.pk)}))
        voter_of_job.append(voter.pk)
    responses = post_together(base, v, jobs, THREADS)
    assert [status for status, _page in responses] == [200] * VOTERS
    # Only the test knows whose receipt is whose (each voter saw theirs, alone).
    receipts = {}
    for (_status, page), job in zip(responses, jobs, strict=True):
        match = RECEIPT.search(page)
        assert match, page
        receipts[match.group(1)] = job
    who_cast_receipt = {receipt: voter_of_job[jobs.index(job)] for receipt, job in receipts.items()}
    votation_close(close(v).step)
    assert not PendingBallot.objects.exists()

    ballots = Ballot.objects.filter(step=v.step)
    assert ballots.count() == VOTERS
    assert not ballots.filter(reference__isnull=False).exists()  # erased at the close
    who_voted = dict(Participation.objects.filter(step=v.step).values_list("pk", "voter_id"))
    who_cast = {
        pk: who_cast_receipt[receipt] for pk, receipt in ballots.values_list("pk", "receipt")
    }

    participations = system_rows("votations_participation", v.step.pk)
    stored = system_rows("votations_ballot", v.step.pk)
    # 1. No ballot was written by a voter's transaction.
    assert not {p["xmin"] for p in participations} & {b["xmin"] for b in stored}
    # 2. Orders: transaction ids, physical positions, keys.
    guesses = {
        "xmin": pair_in_order(participations, stored, lambda row: (row["xmin"], row["ctid"])),
        "ctid": pair_in_order(participations, stored, lambda row: row["ctid"]),
        "id": pair_in_order(participations, stored, lambda row: row["id"]),
    }
    # 3. Each mix hid its ballots among at least BATCH (the close's takes what remained).
    batches = [size for _xmin, size in sorted(Counter(b["xmin"] for b in stored).items())]
    assert all(size >= BATCH for size in batches[:-1]), batches
    # Within a batch the order is random: a guess is right about once per batch by chance.
    chance_bound = 2 * len(batches) + 6
    for attack, guess in guesses.items():
        assert right_guesses(guess, who_voted, who_cast) <= chance_bound, attack
