"""Twenty simultaneous submissions of one voter (double clicks, two devices) end with exactly
one ballot and no server error: real HTTP requests to the live server, on PostgreSQL."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

import pytest
from django.db import connection
from django.test import Client

from tessera.accounts.models import User
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.voting.ballot_rules import Choice
from tessera.voting.models import Ballot, BallotChoice
from tessera.voting.services import draft_save
from tests.voting.conftest import settings_of, vote_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent writers need PostgreSQL (CI runs it): "
        "SQLite serialises every write and its live server would only test the queue",
    ),
]
SUBMISSIONS = 20


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def session_of(voter: User) -> str:
    client = Client()
    client.force_login(voter)
    return client.cookies["sessionid"].value


def csrf_token(base: str, step: Step, session: str) -> str:
    request = urllib.request.Request(  # noqa: S310  (plain http to the live server)
        base + vote_url(step), headers={"Cookie": f"sessionid={session}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  (http to the live server)
        cookie = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie.load(header)
        html = response.read().decode()
    if "csrftoken" in cookie:
        return cookie["csrftoken"].value
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match
    return match.group(1)


def submit_together(base: str, step: Step, session: str, token: str) -> list[int]:
    opener = urllib.request.build_opener(NoRedirect)
    barrier = threading.Barrier(SUBMISSIONS)
    statuses: list[int] = []
    lock = threading.Lock()

    def submit() -> None:
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(  # noqa: S310
            base + vote_url(step, "submit"),
            data=data,
            headers={"Cookie": f"sessionid={session}; csrftoken={token}"},
        )
        barrier.wait()
        try:
            with opener.open(request, timeout=60) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=submit) for _ in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.parametrize("changeable", [True, False])
def test_twenty_simultaneous_submissions_make_one_ballot(
    live_server: object, voter: User, vote_step: Step, proposals: list[Proposal], changeable: bool
) -> None:
    settings = settings_of(vote_step)
    settings.ballot_changeable = changeable
    settings.save()
    draft_save(
        voter=voter,
        step=vote_step,
        district=None,
        choices=[Choice(proposals[1].pk), Choice(proposals[3].pk)],
    )
    base = live_server.url.replace("127.0.0.1", "localhost")  # type: ignore[attr-defined]
    session = session_of(voter)
    token = csrf_token(base, vote_step, session)
    statuses = submit_together(base, vote_step, session, token)
    assert len(statuses) == SUBMISSIONS
    assert set(statuses) == {302}, statuses
    assert Ballot.objects.filter(step=vote_step).count() == 1
    assert sorted(BallotChoice.objects.values_list("proposal_id", flat=True)) == sorted(
        [proposals[1].pk, proposals[3].pk]
    )
