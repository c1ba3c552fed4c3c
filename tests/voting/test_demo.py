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
