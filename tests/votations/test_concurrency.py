"""Twenty simultaneous ballots of one voter (double clicks, two devices), ten of one voting
code: exactly one ballot. Real HTTP requests to the live server, PostgreSQL."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import Any

import pytest
from django.db import connection

from tessera.accounts.models import User
from tessera.processes.models import Process
from tessera.votations.models import Participation, PendingBallot
from tessera.voting.services.codes import voting_codes_generate
from tests.votations.conftest import Votation, votation_in
from tests.voting.test_concurrency import NoRedirect, session_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL (CI runs it): SQLite serialises writes",
    ),
]
SUBMISSIONS = 20


def csrf_of(base: str, v: Votation, session: str) -> str:
    request = urllib.request.Request(  # noqa: S310  (plain http to the live server)
        base + v.url(), headers={"Cookie": f"sessionid={session}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        html = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def post_together(
    base: str, v: Votation, jobs: Sequence[tuple[str, str, dict[str, str]]], threads: int
) -> list[tuple[int, str]]:
    """Post each (session, csrf token, form) as a ballot, `threads` at a time from a barrier:
    each response's status and page, in the order of `jobs`."""
    opener = urllib.request.build_opener(NoRedirect)
    barrier = threading.Barrier(threads)
    responses: list[tuple[int, str]] = [(0, "")] * len(jobs)

    def run(mine: Sequence[int]) -> None:
        barrier.wait()
        for index in mine:
            session, token, data = jobs[index]
            cookie = f"csrftoken={token}" + (f"; sessionid={session}" if session else "")
            request = urllib.request.Request(  # noqa: S310
                base + v.vote_url(),
                data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode(),
                headers={"Cookie": cookie},
            )
            try:
                with opener.open(request, timeout=60) as response:
                    status, page = response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                status, page = error.code, error.read().decode()
            responses[index] = (status, page)

    indices = list(range(len(jobs)))
    workers = [threading.Thread(target=run, args=(indices[n::threads],)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return responses


@pytest.mark.parametrize("changeable", [True, False])
def test_twenty_simultaneous_ballots_of_one_voter_make_one(
    live_server: Any, resident: User, process: Process, changeable: bool, settings: Any
) -> None:
    settings.VOTATION_MIX_BATCH = 1000  # sealed: count the pending store
    v = votation_in(process, ballot_changeable=changeable)
    base = live_server.url.replace("127.0.0.1", "localhost")
    session = session_of(resident)
    token = csrf_of(base, v, session)
    jobs = [(session, token, {"answer": str(v.answer("Oui").pk)})] * SUBMISSIONS
    statuses = [status for status, _page in post_together(base, v, jobs, threads=SUBMISSIONS)]
    assert Participation.objects.filter(step=v.step).count() == 1
    assert PendingBallot.objects.filter(step=v.step).count() == 1
    if changeable:  # each a change of the one ballot
        assert statuses == [200] * SUBMISSIONS
    else:  # one cast; the others refused, by the permission or, racing it, by the service
        assert statuses.count(200) == 1
        assert set(statuses) - {200} <= {400, 403}


def test_ten_simultaneous_ballots_with_one_code_make_one(
    live_server: Any, process: Process, settings: Any
) -> None:
    settings.VOTATION_MIX_BATCH = 1000
    v = votation_in(process, codes_allowed=True)
    [(_serial, code)] = voting_codes_generate(step=v.step, count=1)
    base = live_server.url.replace("127.0.0.1", "localhost")
    token = csrf_of(base, v, "")
    # Ten: the code endpoint's rate limit per address (voting.ratelimit) lets ten through.
    jobs = [("", token, {"answer": str(v.answer("Non").pk), "code": code})] * 10
    statuses = [status for status, _page in post_together(base, v, jobs, threads=10)]
    assert sorted(statuses) == [200] + [400] * 9
    assert Participation.objects.filter(step=v.step).count() == 1
    assert PendingBallot.objects.filter(step=v.step).count() == 1
