"""The demo for the back office: an open collect step, texts that agree with the data, a
dashboard with figures, and no Django admin for the organisation's administrator."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from tessera.accounts.models import User
from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tessera.stats.stored import stored_figures
from tessera.voting.models import Results

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("demo", stdout=io.StringIO())


def test_a_visitor_can_submit_an_idea_now(demo: None) -> None:
    collect = Step.objects.get(process__slug="budget-participatif-2026", kind="collect")
    assert collect.phase().value == "current"
    results = Step.objects.get(process__slug="budget-participatif-2026", kind="results")
    assert results.phase().value == "upcoming"


def test_the_past_edition_says_what_its_data_holds(demo: None) -> None:
    past = Process.objects.get(slug="budget-participatif-2025")
    results = Results.objects.get(step__process=past)
    assert f"{len(results.winners)} lauréats" in past.summary
    voters = results.figures["turnout"]["voters"]
    assert f"{voters:,}".replace(",", "\u202f") in past.description


def test_the_dashboard_shows_the_demo_processes_with_their_figures(demo: None) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email="manager@demo.test"))
    page = client.get("/manage/").content.decode()
    assert "Budget participatif 2026" in page
    assert '<li data-figure="proposals"><strong>60</strong>' in page
    assert "<strong>3000</strong> votants" in page  # the past edition's ballots


def test_the_participation_figures_mean_something(demo: None) -> None:
    stored = stored_figures(Organization.objects.get(slug="ville-de-demo").pk)
    assert stored is not None
    figures = stored.figures
    assert figures.participants > 100
    assert figures.participants < figures.eligible  # some signed up and did nothing yet
    days_with_newcomers = [day for day, count in figures.new_participants if count]
    assert len(days_with_newcomers) > 20
    assert len([name for name, count in figures.by_district if name and count]) == 6


def test_the_demo_administrator_is_not_the_platform_operator(demo: None) -> None:
    assert not User.objects.get(email="admin@demo.test").is_superuser
