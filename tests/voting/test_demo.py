"""The demo: the 2026 budget votes, the 2025 edition has ballots and published results."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from tessera.processes.models import Step
from tessera.voting.models import Ballot, Results

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_past_vote_with_results_and_is_idempotent() -> None:
    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    with scopes_disabled():
        past = Step.objects.get(process__slug="budget-participatif-2025", kind="vote")
        assert Ballot.objects.filter(step=past).count() == 3000
        results = Results.objects.get(step=past)
        assert results.winners
        assert Step.objects.filter(process__slug="budget-participatif-2026", kind="vote").exists()


def test_the_demo_has_a_vote_open_now_where_the_resident_can_vote(client) -> None:  # type: ignore[no-untyped-def]
    from tessera.accounts.models import User
    from tessera.proposals.models import Proposal
    from tessera.voting.models import Participation

    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    with scopes_disabled():
        vote = Step.objects.select_related("process").get(
            process__slug="petits-projets-2026", kind="vote"
        )
        assert vote.phase().value == "current"
        assert Ballot.objects.filter(step=vote).count() == 240  # not doubled by the re-run
        resident = User.objects.get(email="resident@demo.test")
        voted_before = Participation.objects.filter(step=vote).count()
        book_box = Proposal.objects.get(title="Une boîte à livres place du Marché")
    client.defaults["HTTP_HOST"] = "localhost"  # the demo organisation's host
    client.force_login(resident)
    url = f"/processes/petits-projets-2026/steps/{vote.pk}/vote/"
    page = client.get(url)
    assert page.status_code == 200
    assert book_box.title in page.content.decode()
    client.post(url + "basket/", {"action": "add", "proposal": book_box.pk})
    assert client.post(url + "submit/")["Location"].endswith("/thanks/")
    with scopes_disabled():
        assert Participation.objects.filter(step=vote).count() == voted_before + 1
