"""The participation dashboard: who may read it, its figures, its CSV files, its queries."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tessera.accounts.models import User
from tessera.branding.models import HomeSection, SectionKind
from tessera.branding.services import home_section_save
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tessera.stats.stored import figures_refresh
from tessera.voting.models import Participation
from tests.conftest import make_user
from tests.manage.conftest import budget, client_of
from tests.proposals.factories import ProposalFactory
from tests.voting.factories import VoteStepFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(organization: Organization) -> Process:
    process = budget(organization)
    figures_refresh(organization=organization)
    return process


PAGES = [
    "/manage/stats/",
    "/manage/stats/new-participants.csv",
    "/manage/stats/processes/budget-2026/",
    "/manage/stats/processes/budget-2026/proposals.csv",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [("resident", 403), ("analyst", 403), ("moderator", 403), ("manager", 200), ("admin", 200)],
)
def test_only_managers_and_administrators_read_the_figures(
    path: str, persona: str, status: int, request: pytest.FixtureRequest, process: Process
) -> None:
    user = request.getfixturevalue(persona)
    assert client_of(user).get(path).status_code == status


def test_anonymous_visitors_are_asked_to_log_in(process: Process) -> None:
    assert client_of(None).get("/manage/stats/").status_code == 302


@pytest.fixture
def activity(process: Process, organization: Organization) -> Process:
    collect = process.steps.get(kind="collect")
    for _ in range(3):
        ProposalFactory(step=collect, author=make_user(organization))
    now = timezone.now()
    vote = VoteStepFactory(
        process=process, starts_at=now + timedelta(days=50), ends_at=now + timedelta(days=60)
    )
    for _ in range(2):
        Participation.objects.create(
            organization=organization, step=vote, voter=make_user(organization), voted_at=now
        )
    figures_refresh(organization=organization)
    return process


def test_the_page_says_the_definition_and_counts_participants(
    manager: User, activity: Process
) -> None:
    page = client_of(manager).get("/manage/stats/").content.decode()
    assert 'data-figure="participants">5<' in page
    assert "<svg" in page


def test_each_table_downloads_as_csv(manager: User, activity: Process) -> None:
    response = client_of(manager).get("/manage/stats/processes/budget-2026/proposals.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Publiée", "3"] in rows or ["Published", "3"] in rows


def test_an_unknown_table_is_not_found(manager: User, activity: Process) -> None:
    assert client_of(manager).get("/manage/stats/nothing.csv").status_code == 404


def test_the_dashboard_runs_a_bounded_number_of_queries(
    manager: User, activity: Process, django_assert_max_num_queries: object
) -> None:
    client = client_of(manager)
    client.get("/")
    cache.clear()  # a cold cache reads the stored row: no count
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        client.get("/manage/stats/processes/budget-2026/")
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        client.get("/manage/stats/processes/budget-2026/")  # from the cache


def test_the_home_page_counts_participants_not_staff(
    organization: Organization, manager: User, activity: Process
) -> None:
    home_section_save(section=HomeSection(organization=organization, kind=SectionKind.FIGURES))
    page = client_of(None).get("/").content.decode()
    figures = re.findall(r'figure-number">([^<]+)</span> <span class="figure-label">([^<]+)<', page)
    assert ("5", "participants") in figures
