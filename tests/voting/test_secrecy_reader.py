"""A reader of the database, without the application's secret, tries to link voters to their
ballots: real concurrent HTTP submissions on PostgreSQL, then every join the reader can think
of (transaction ids, physical positions, ids, times, batches). Before the pending store and
the mix (docs/decisions/0006-secret-ballot.md), `xmin` alone linked every voter."""

from __future__ import annotations

import threading
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting.ballot_rules import Choice
from tessera.voting.mixing import vote_close
from tessera.voting.models import Ballot, Participation, PendingBallot
from tessera.voting.services import draft_save
from tests.conftest import make_user
from tests.voting.conftest import eligible, vote_step_in, vote_url
from tests.voting.test_concurrency import NoRedirect, csrf_token, session_of

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


@pytest.fixture
def step(process: Process) -> Step:
    return vote_step_in(process, "during", kind="approval", budget=None)


@pytest.fixture
def options(collect_step: Step, theme: Any) -> list[Proposal]:
    return [eligible(collect_step, theme, 10, title=f"Projet {n}") for n in range(6)]


def cast_in_parallel(
    live_server: Any, step: Step, options: list[Proposal]
) -> dict[int, frozenset[int]]:
    """Every voter chooses a set of proposals no other voter chooses; returns voter → set."""
    base = live_server.url.replace("127.0.0.1", "localhost")
    chosen: dict[int, frozenset[int]] = {}
    jobs = []
    for index in range(VOTERS):
        voter = make_user(step.organization)
        picks = [p.pk for bit, p in enumerate(options) if (index + 1) >> bit & 1]
        draft_save(voter=voter, step=step, district=None, choices=[Choice(pk) for pk in picks])
        chosen[voter.pk] = frozenset(picks)
        session = session_of(voter)
        jobs.append((session, csrf_token(base, step, session)))
    opener = urllib.request.build_opener(NoRedirect)
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []

    def submit(mine: list[tuple[str, str]]) -> None:
        barrier.wait()
        for session, token in mine:
            request = urllib.request.Request(  # noqa: S310  (plain http to the live server)
                base + vote_url(step, "submit"),
                data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
                headers={"Cookie": f"sessionid={session}; csrftoken={token}"},
            )
            try:
                with opener.open(request, timeout=60) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)

    threads = [threading.Thread(target=submit, args=(jobs[n::THREADS],)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * VOTERS
    return chosen


def system_rows(table: str, step: Step) -> list[dict[str, Any]]:
    """What a reader with SQL access sees of each row, system columns included."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, xmin::text::bigint, ctid::text FROM {table} WHERE step_id = %s",  # noqa: S608
            [step.pk],
        )
        return [
            {"id": pk, "xmin": xmin, "ctid": tuple(int(n) for n in ctid.strip("()").split(","))}
            for pk, xmin, ctid in cursor.fetchall()
        ]


def choice_positions(step: Step) -> dict[int, tuple[int, int]]:
    """Each ballot's first choice row, by physical position: another order a reader can use."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.ballot_id, min(c.ctid)::text FROM voting_ballotchoice c "
            "JOIN voting_ballot b ON b.id = c.ballot_id WHERE b.step_id = %s GROUP BY c.ballot_id",
            [step.pk],
        )
        return {
            pk: tuple(int(n) for n in ctid.strip("()").split(","))  # type: ignore[misc]
            for pk, ctid in cursor.fetchall()
        }


def truth(step: Step, chosen: dict[int, frozenset[int]]) -> tuple[dict[int, int], dict[int, int]]:
    """participation id → voter, ballot id → voter (only the test knows both)."""
    by_set = {choices: voter for voter, choices in chosen.items()}
    participations = dict(Participation.objects.filter(step=step).values_list("pk", "voter_id"))
    ballots: dict[int, set[int]] = {}
    for ballot in Ballot.objects.filter(step=step).prefetch_related("choices"):
        ballots[ballot.pk] = {c.proposal_id for c in ballot.choices.all()}
    return participations, {pk: by_set[frozenset(s)] for pk, s in ballots.items()}


def pair_in_order(
    left: list[dict[str, Any]], right: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any]
) -> dict[int, int]:
    """The reader's guess: the n-th participation in some order cast the n-th ballot."""
    return {
        a["id"]: b["id"] for a, b in zip(sorted(left, key=key), sorted(right, key=key), strict=True)
    }


def right_guesses(
    guess: dict[int, int], who_took_part: dict[int, int], who_cast: dict[int, int]
) -> int:
    return sum(who_took_part[p] == who_cast[b] for p, b in guess.items())


def test_a_database_reader_cannot_link_voters_to_ballots(
    live_server: Any, step: Step, options: list[Proposal], settings: Any
) -> None:
    settings.VOTE_MIX_BATCH = BATCH  # batches mixed during the vote, under concurrency
    chosen = cast_in_parallel(live_server, step, options)
    Step.objects.filter(pk=step.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    vote_close(Step.objects.get(pk=step.pk))
    assert not PendingBallot.objects.exists()
    who_took_part, who_cast = truth(step, chosen)
    assert len(who_cast) == VOTERS  # every acknowledged ballot counted, none twice

    participations = system_rows("voting_participation", step)
    ballots = system_rows("voting_ballot", step)
    # 1. A shared transaction: no ballot was written by a voter's transaction.
    assert not {p["xmin"] for p in participations} & {b["xmin"] for b in ballots}
    # 2. Orders: transaction ids, physical positions, ids, times, on both sides.
    positions = choice_positions(step)
    for ballot in ballots:
        ballot["choice_ctid"] = positions[ballot["id"]]
    voted_at = dict(Participation.objects.filter(step=step).values_list("pk", "voted_at"))
    for participation in participations:
        participation["time"] = voted_at[participation["id"]]
    guesses = {
        "xmin": pair_in_order(participations, ballots, lambda row: (row["xmin"], row["ctid"])),
        "ctid": pair_in_order(participations, ballots, lambda row: row["ctid"]),
        "id": pair_in_order(participations, ballots, lambda row: row["id"]),
        "time against ctid": {
            a["id"]: b["id"]
            for a, b in zip(
                sorted(participations, key=lambda row: row["time"]),
                sorted(ballots, key=lambda row: row["ctid"]),
                strict=True,
            )
        },
        "choices' ctid": {
            a["id"]: b["id"]
            for a, b in zip(
                sorted(participations, key=lambda row: row["ctid"]),
                sorted(ballots, key=lambda row: row["choice_ctid"]),
                strict=True,
            )
        },
    }
    # 3. Batches: each mix during the vote hid its ballots among at least BATCH (the last
    # transaction is the close's, which takes whatever remained).
    batches = [size for _xmin, size in sorted(Counter(b["xmin"] for b in ballots).items())]
    assert all(size >= BATCH for size in batches[:-1]), batches
    # The best a reader can do is to know a voter's batch and pick in it at random: one
    # right guess per batch on average. Today's code linked all 32; chance stays far below.
    chance_bound = 2 * len(batches) + 6
    for attack, guess in guesses.items():
        assert right_guesses(guess, who_took_part, who_cast) <= chance_bound, attack
