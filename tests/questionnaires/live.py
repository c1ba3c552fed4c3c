"""Real HTTP requests to the live server, several at once (PostgreSQL tests)."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence

from tessera.accounts.models import User
from tests.questionnaires.conftest import Mobility
from tests.voting.test_concurrency import NoRedirect, session_of


def csrf_of(base: str, m: Mobility, session: str) -> str:
    request = urllib.request.Request(  # noqa: S310  (plain http to the live server)
        base + m.url(), headers={"Cookie": f"sessionid={session}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        html = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def prepared(base: str, m: Mobility, person: User) -> tuple[str, str]:
    session = session_of(person)
    return session, csrf_of(base, m, session)


def post_together(
    base: str, m: Mobility, jobs: Sequence[tuple[str, str, dict[str, list[str]]]], threads: int
) -> list[int]:
    """Post each (session, csrf token, answers) as a reply, `threads` at a time from a barrier."""
    opener = urllib.request.build_opener(NoRedirect)
    barrier = threading.Barrier(threads)
    statuses: list[int] = []
    lock = threading.Lock()

    def run(mine: Sequence[tuple[str, str, dict[str, list[str]]]]) -> None:
        barrier.wait()
        for session, token, data in mine:
            body = {**data, "section": ["2"], "action": ["submit"], "csrfmiddlewaretoken": [token]}
            request = urllib.request.Request(  # noqa: S310
                base + m.answer_url(),
                data=urllib.parse.urlencode(body, doseq=True).encode(),
                headers={"Cookie": f"sessionid={session}; csrftoken={token}"},
            )
            try:
                with opener.open(request, timeout=60) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            with lock:
                statuses.append(status)

    workers = [threading.Thread(target=run, args=(jobs[n::threads],)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return statuses
