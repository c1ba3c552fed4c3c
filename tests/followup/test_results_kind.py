"""The results step: the last vote's winners and a link to its results once published, its
text before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tessera.voting.models import Results
from tests.factories import StepFactory
from tests.manage.conftest import budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(organization: Organization) -> Process:
    return budget(organization)


def test_the_results_step_shows_its_text_then_the_published_results(
    client: Client,
    process: Process,
) -> None:
    vote = process.steps.get(kind="vote")
    results = StepFactory(
        process=process,
        kind="results",
        title="Les lauréats",
        description="Résultats en juin.",
        starts_at=vote.ends_at,
        ends_at=vote.ends_at + timedelta(days=300),
    )
    url = results.get_absolute_url()
    assert "Les lauréats" in client.get(url).content.decode()
    Results.objects.create(
        organization=process.organization, step=vote, published_at=timezone.now()
    )
    page = client.get(url).content.decode()
    assert f"/processes/{process.slug}/steps/{vote.pk}/vote/results/" in page
