"""seed_bench: a benchmark organisation, and with --ballots a vote step through the voting
app's own command (called by name: proposals sits below voting)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tessera.contributions.models import Contribution, Reaction
from tessera.organizations.models import Organization
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.voting.models import Ballot, Participation

pytestmark = pytest.mark.django_db


def test_ballots_are_seeded_in_a_vote_step_when_asked() -> None:
    out = io.StringIO()
    call_command(
        "seed_bench",
        users=10,
        proposals=30,
        supports=40,
        comments=0,
        ballots=25,
        host="bench.test",
        stdout=out,
    )
    organization = Organization.objects.get(slug="bench")
    assert Proposal.objects.filter(organization=organization).count() == 30
    vote = Step.objects.get(process__organization=organization, kind="vote")
    assert Ballot.objects.filter(step=vote).count() == 25
    assert Participation.objects.filter(step=vote).count() == 25
    assert "25 ballots in vote step" in out.getvalue()


def test_no_vote_step_without_ballots() -> None:
    call_command(
        "seed_bench",
        users=5,
        proposals=5,
        supports=5,
        comments=0,
        host="bench.test",
        stdout=io.StringIO(),
    )
    organization = Organization.objects.get(slug="bench")
    assert not Step.objects.filter(process__organization=organization, kind="vote").exists()


def test_it_runs_again_on_its_own_organisation_and_leaves_one_copy() -> None:
    """A second run rebuilds the bench organisation (it used to fail with ProtectedError)."""
    options = {"users": 10, "proposals": 20, "supports": 30, "comments": 15, "host": "bench.test"}
    call_command("seed_bench", **options, ballots=5, stdout=io.StringIO())
    call_command("seed_bench", **options, ballots=5, stdout=io.StringIO())
    organization = Organization.objects.get(slug="bench")
    assert Proposal.objects.filter(organization=organization).count() == 20
    assert Contribution.objects.filter(organization=organization, kind="proposal").count() == 20
    assert Reaction.objects.filter(organization=organization).count() == 30
    assert (
        sum(
            Contribution.objects.filter(organization=organization).values_list(
                "positive_count", flat=True
            )
        )
        == 30
    )
