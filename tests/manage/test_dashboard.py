"""The dashboard shows each role what it may act on, in a bounded number of queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tessera.accounts.models import User
from tessera.analysis.models import Assignment
from tessera.contributions.models import Report
from tessera.notifications.models import Delivery, DeliveryStatus
from tessera.processes.models import Process
from tessera.stats.stored import figures_refresh
from tessera.voting.models import Participation
from tests.conftest import make_user
from tests.manage.conftest import client_of
from tests.proposals.factories import ProposalFactory
from tests.voting.factories import VoteStepFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(process: Process, analyst: User, resident: User) -> Process:
    """Proposals to analyse (one overdue), a report, a vote closing tomorrow, a failed e-mail."""
    collect = process.steps.get(kind="collect")
    proposals = [ProposalFactory(step=collect) for _ in range(3)]
    service = analyst.services.get()
    yesterday = timezone.localdate() - timedelta(days=1)
    Assignment.objects.create(
        organization=process.organization,
        proposal=proposals[0],
        service=service,
        due_date=yesterday,
    )
    Assignment.objects.create(
        organization=process.organization, proposal=proposals[1], service=service
    )
    Report.objects.create(
        organization=process.organization,
        contribution=proposals[2].contribution,
        reporter=resident,
        reason="spam",
    )
    now = timezone.now()
    vote = VoteStepFactory(
        process__organization=process.organization,
        starts_at=now - timedelta(days=5),
        ends_at=now + timedelta(days=1),
    )
    Delivery.objects.create(
        organization=process.organization,
        user=resident,
        key="x",
        frequency="immediately",
        status=DeliveryStatus.FAILED,
    )
    Participation.objects.create(
        organization=process.organization, step=vote, voter=resident, voted_at=now
    )
    figures_refresh(organization=process.organization)
    return process


def attention(page: str) -> dict[str, str]:
    """The dashboard's items to attend to, by key, with their counts."""
    return dict(re.findall(r'data-attention="([\w-]+)" data-count="(\d+)"', page))


def dashboard_of(user: User) -> str:
    response = client_of(user).get("/manage/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_analyst_sees_their_analyses_and_only_their_tools(analyst: User, busy: Process) -> None:
    page = dashboard_of(analyst)
    assert attention(page) == {"to-analyse": "2", "overdue": "1"}
    assert "/manage/analysis/" in page
    assert "/manage/processes/" not in page
    assert "/admin/" not in page


def test_a_moderator_sees_the_reports(moderator: User, busy: Process) -> None:
    page = dashboard_of(moderator)
    assert attention(page) == {"reports": "1"}
    assert "/manage/moderation/" in page
    assert "/manage/processes/" not in page


def test_a_manager_sees_the_processes_in_progress_with_their_figures(
    manager: User, busy: Process
) -> None:
    page = dashboard_of(manager)
    assert "Budget participatif 2026" in page
    assert "Dépôt" in page
    assert '<li data-figure="proposals"><strong>3</strong>' in page
    expected = {"to-analyse": "2", "overdue": "1", "reports": "1", "vote-closing": "1"}
    assert attention(page) == expected
    assert "/manage/processes/" in page
    assert "/manage/people/" not in page


def test_an_administrator_sees_the_failed_emails(admin: User, busy: Process) -> None:
    page = dashboard_of(admin)
    assert attention(page)["failed-emails"] == "1"
    assert "/manage/notifications/failures/" in page
    assert "/admin/" not in page


def test_only_the_platform_operator_is_offered_the_django_admin(admin: User, busy: Process) -> None:
    admin.is_superuser = True
    admin.save()
    assert "/admin/" in dashboard_of(admin)


def test_the_header_leads_staff_to_the_back_office_and_residents_nowhere(
    manager: User, resident: User, analyst: User, busy: Process
) -> None:
    for user in (manager, analyst):
        assert 'href="/manage/"' in client_of(user).get("/").content.decode()
    assert 'href="/manage/"' not in client_of(resident).get("/").content.decode()


def test_the_dashboard_runs_a_bounded_number_of_queries(
    admin: User, busy: Process, organization: object, django_assert_max_num_queries: object
) -> None:
    for number in range(10):
        other = Process.objects.get(pk=busy.pk)
        other.pk, other.slug = None, f"copie-{number}"
        other.save()
        for step in busy.steps.all():
            step.pk, step.process = None, other
            step.save()
        make_user(busy.organization)
    client = client_of(admin)
    client.get("/manage/")
    with django_assert_max_num_queries(25):  # type: ignore[operator]
        client.get("/manage/")
