"""Stored figures: the refresh computes them, pages only read them and tell their age."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tessera.accounts.models import User
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tessera.stats.models import StoredFigures
from tessera.stats.selectors import Figures, eligible_people_by_pk, figures_compute
from tessera.stats.stored import figures_refresh, stored_figures
from tests.conftest import make_user
from tests.manage.conftest import budget, client_of
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(organization: Organization) -> Process:
    process = budget(organization)
    collect = process.steps.get(kind="collect")
    for _ in range(3):
        ProposalFactory(step=collect, author=make_user(organization))
    return process


def test_figures_survive_their_json_unchanged(process: Process) -> None:
    figures = figures_compute(process, timezone.localdate(), eligible_people_by_pk())
    assert Figures.from_data(figures.to_data()) == figures
    assert figures.participants == 3
    assert figures.listed_proposals == 3


def test_the_command_stores_the_site_and_each_live_process(
    organization: Organization, process: Process
) -> None:
    out = StringIO()
    call_command("stats_refresh", stdout=out)
    assert "figures stored: 2" in out.getvalue()
    assert StoredFigures.objects.filter(organization=organization).count() == 2
    call_command("stats_refresh", stdout=out)  # refreshed in place, not duplicated
    assert StoredFigures.objects.filter(organization=organization).count() == 2


def test_a_cold_cache_serves_the_stored_figures_without_counting(
    manager: User,
    organization: Organization,
    process: Process,
    django_assert_max_num_queries: object,
) -> None:
    figures_refresh(organization=organization, now=timezone.now() - timedelta(minutes=2))
    ProposalFactory(step=process.steps.get(kind="collect"))  # not counted until the next refresh
    cache.clear()
    client = client_of(manager)
    client.get("/manage/")  # the session and the menu in the cache
    cache.delete_many(
        [f"stats:stored:{organization.pk}:0", f"stats:stored:{organization.pk}:{process.pk}"]
    )
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        page = client.get(f"/manage/stats/processes/{process.slug}/").content.decode()
    assert 'data-figure="participants">3<' in page
    assert "Chiffres mis à jour il y a 2" in page or "Figures updated 2" in page
    assert (
        '<li data-figure="proposals"><strong>3</strong>' in client.get("/manage/").content.decode()
    )


def test_before_the_first_refresh_a_page_says_so_and_asks_the_worker_once(
    manager: User, organization: Organization, process: Process
) -> None:
    client = client_of(manager)
    page = client.get("/manage/stats/").content.decode()
    assert 'data-figures="pending"' in page
    client.get(f"/manage/stats/processes/{process.slug}/")
    client.get("/manage/")
    tasks = DBTaskResult.objects.filter(task_path__endswith="figures_refresh_task")
    assert tasks.count() == 1
    assert client.get("/manage/stats/contributions.csv").status_code == 404


def test_the_task_stores_what_the_page_then_shows(
    manager: User, organization: Organization, process: Process
) -> None:
    from tessera.stats.tasks import figures_refresh_task

    figures_refresh_task.call(organization_id=organization.pk)
    stored = stored_figures(organization.pk)
    assert stored is not None
    assert stored.figures.participants == 3
    page = client_of(manager).get("/manage/stats/").content.decode()
    assert 'data-figure="participants">3<' in page


def test_old_figures_say_the_refresh_seems_stopped(
    manager: User, organization: Organization, process: Process
) -> None:
    figures_refresh(organization=organization, now=timezone.now() - timedelta(hours=3))
    page = client_of(manager).get("/manage/stats/").content.decode()
    assert "stats_refresh" in page


def test_a_process_closed_long_ago_is_refreshed_once_a_day(
    organization: Organization, process: Process
) -> None:
    now = timezone.now()
    Process.objects.filter(pk=process.pk).update(
        starts_at=now - timedelta(days=400), ends_at=now - timedelta(days=300)
    )
    assert figures_refresh(organization=organization, now=now) == 2  # never stored: stored
    assert figures_refresh(organization=organization, now=now + timedelta(hours=1)) == 1
    assert figures_refresh(organization=organization, now=now + timedelta(days=2)) == 2


def test_figures_cached_by_an_older_release_are_read_again_from_their_row(
    organization: Organization, process: Process
) -> None:
    figures_refresh(organization=organization)
    cache.set(f"stats:stored:{organization.pk}:0", ({"participants": 1}, timezone.now()), None)
    stored = stored_figures(organization.pk)
    assert stored is not None
    assert stored.figures.participants == 3
