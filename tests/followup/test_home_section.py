"""The home page's "realisations" section: the realisations updated last, with their news."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tessera.branding.models import HomeSection, SectionKind
from tessera.followup.models import Realisation
from tessera.organizations.models import Organization
from tessera.processes.models import Step
from tests.followup.factories import NewsPostFactory, RealisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(organization: Organization) -> HomeSection:
    return HomeSection.objects.create(
        organization=organization, kind=SectionKind.REALISATIONS, position=0
    )


def test_the_latest_updated_realisations_come_first_with_their_news(
    client: Client, section: HomeSection, followup_step: Step
) -> None:
    old = RealisationFactory(step=followup_step, title="Mise à jour il y a longtemps")
    recent = RealisationFactory(step=followup_step, title="Mise à jour hier")
    Realisation.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=90))
    NewsPostFactory(realisation=recent, title="Le chantier démarre")
    html = client.get("/").content.decode()
    assert "Dernières réalisations" in html
    assert html.index("Mise à jour hier") < html.index("Mise à jour il y a longtemps")
    assert "Le chantier démarre" in html
    assert 'href="/realisations/"' in html


def test_the_section_is_hidden_while_there_is_no_realisation(
    client: Client, section: HomeSection
) -> None:
    assert "Dernières réalisations" not in client.get("/").content.decode()


def test_a_draft_process_realisations_stay_off_the_home_page(
    client: Client, section: HomeSection, followup_step: Step
) -> None:
    RealisationFactory(step=followup_step, title="Secret")
    followup_step.process.is_published = False
    followup_step.process.save()
    assert "Secret" not in client.get("/").content.decode()


def test_the_section_runs_a_bounded_number_of_queries(
    client: Client,
    section: HomeSection,
    followup_step: Step,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    for number in range(10):
        NewsPostFactory(realisation=RealisationFactory(step=followup_step), title=f"Info {number}")
    client.get("/")
    with django_assert_max_num_queries(6):
        assert "Info" in client.get("/").content.decode()
