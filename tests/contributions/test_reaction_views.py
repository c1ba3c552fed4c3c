"""The support button: a plain post that comes back to the same place, or a fragment for the
script; and twenty simultaneous clicks of one person make one reaction (PostgreSQL)."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection
from django.test import Client

from tessera.accounts.models import User
from tessera.contributions.models import Reaction
from tessera.proposals.models import Proposal
from tests.proposals.conftest import collect_step_in, url

CLICKS = 20


@pytest.mark.django_db
def test_without_javascript_the_form_posts_and_returns_to_the_support_section(
    client: Client, proposal: Proposal, resident: User
) -> None:
    client.force_login(resident)
    response = client.post(url(proposal.step, "support", proposal))
    assert response.status_code == 302
    assert response["Location"] == f"{proposal.get_absolute_url()}#support"
    page = client.get(response["Location"]).content.decode()
    assert "1 personne soutient cette proposition" in page
    assert "contributions/reactions.js" in page


@pytest.mark.django_db
def test_with_javascript_it_answers_the_section_alone_with_the_new_count(
    client: Client, proposal: Proposal, resident: User
) -> None:
    client.force_login(resident)
    response = client.post(
        url(proposal.step, "support", proposal), headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section aria-labelledby="support-title"')
    assert "<html" not in fragment
    assert "1 personne soutient cette proposition" in fragment
    assert "Retirer mon soutien" in fragment
    response = client.post(
        url(proposal.step, "support", proposal),
        {"action": "remove"},
        headers={"X-Requested-With": "fetch"},
    )
    assert "0 personne soutient cette proposition" in response.content.decode()


@pytest.mark.django_db
def test_a_support_is_refused_when_the_collect_is_over(
    client: Client, proposal: Proposal, resident: User
) -> None:
    closed = collect_step_in(proposal.step.process, "after")
    Proposal.objects.filter(pk=proposal.pk).update(step=closed)
    proposal.contribution.step = closed
    proposal.contribution.save()
    client.force_login(resident)
    assert client.post(url(closed, "support", proposal)).status_code == 403
    assert not Reaction.objects.exists()


@pytest.mark.django_db
def test_an_anonymous_visitor_is_asked_to_log_in(client: Client, proposal: Proposal) -> None:
    response = client.post(url(proposal.step, "support", proposal))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def click_together(address: str, session: str, token: str, fetch: bool) -> list[int]:
    opener = urllib.request.build_opener(NoRedirect)
    barrier = threading.Barrier(CLICKS)
    statuses: list[int] = []
    lock = threading.Lock()

    def click() -> None:
        headers = {"Cookie": f"sessionid={session}; csrftoken={token}"}
        if fetch:
            headers["X-Requested-With"] = "fetch"
        request = urllib.request.Request(  # noqa: S310  (plain http to the live server)
            address,
            data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
            headers=headers,
        )
        barrier.wait()
        try:
            with opener.open(request, timeout=60) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=click) for _ in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (CI runs it): SQLite serialises every write",
)
@pytest.mark.parametrize("fetch", [False, True])
def test_twenty_simultaneous_clicks_make_one_support(
    live_server: object, proposal: Proposal, resident: User, fetch: bool
) -> None:
    client = Client()
    client.force_login(resident)
    session = client.cookies["sessionid"].value
    base = live_server.url.replace("127.0.0.1", "localhost")  # type: ignore[attr-defined]
    page = urllib.request.Request(  # noqa: S310
        base + proposal.get_absolute_url(), headers={"Cookie": f"sessionid={session}"}
    )
    with urllib.request.urlopen(page, timeout=30) as response:  # noqa: S310
        cookies = response.headers.get_all("Set-Cookie") or []
        html = response.read().decode()
    token = next(
        (c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("csrftoken=")), None
    )
    if token is None:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match
        token = match.group(1)
    statuses = click_together(base + url(proposal.step, "support", proposal), session, token, fetch)
    assert set(statuses) == ({200} if fetch else {302}), statuses
    assert Reaction.objects.filter(contribution=proposal.contribution).count() == 1
    proposal.contribution.refresh_from_db()
    assert proposal.contribution.positive_count == 1
