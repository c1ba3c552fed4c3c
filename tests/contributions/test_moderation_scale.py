"""The moderation queue at scale: 50,000 open reports cost the same queries as two, and a
page shows 25 items, each with its reasons counted (not one line per report)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tessera.accounts.models import User
from tessera.contributions.models import Contribution, Report
from tessera.contributions.selectors import QUEUE_PAGE_SIZE
from tessera.organizations.models import Organization, Theme
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/manage/moderation/"
REPORTED = 500
REPORTERS = 100  # each reports every proposal: 50,000 open reports


def reported_proposals(step: Step, theme: Theme, count: int, start: int = 0) -> list[int]:
    """`count` proposals with their contributions, written in bulk; their contributions' ids."""
    now = timezone.now()
    contributions = Contribution.objects.bulk_create(
        Contribution(
            organization_id=step.organization_id, step=step, kind="proposal", created_at=now
        )
        for _ in range(count)
    )
    Proposal.objects.bulk_create(
        Proposal(
            organization_id=step.organization_id,
            contribution=contribution,
            step=step,
            title=f"Proposition signalée {start + number}",
            description="Texte",
            theme=theme,
        )
        for number, contribution in enumerate(contributions)
    )
    return [contribution.pk for contribution in contributions]


def report_all(ids: list[int], people: list[User]) -> None:
    Report.objects.bulk_create(
        (
            Report(
                organization_id=person.organization_id,
                contribution_id=pk,
                reporter=person,
                reason="spam",
            )
            for pk in ids
            for person in people
        ),
        batch_size=5000,
    )


def test_the_queue_s_queries_do_not_grow_with_50000_reports(
    client: Client, organization: Organization, step: Step, theme: Theme, moderator: User
) -> None:
    people = UserFactory.create_batch(REPORTERS, organization=organization)
    report_all(reported_proposals(step, theme, 2), people[:1])
    client.force_login(moderator)
    client.get(QUEUE)  # warm the caches (host, site settings)
    with CaptureQueriesContext(connection) as small:
        client.get(QUEUE)
    report_all(reported_proposals(step, theme, REPORTED, start=2), people)
    assert Report.objects.count() == REPORTED * REPORTERS + 2
    with CaptureQueriesContext(connection) as big:
        page = client.get(QUEUE).content.decode()
    assert f"{REPORTED + 2} contributions signalées" in page
    assert page.count('class="moderation-item"') == QUEUE_PAGE_SIZE
    assert f"{REPORTERS} signalements" in page  # the most reported come first
    assert f"× {REPORTERS}" in page  # the reasons, counted
    assert len(big) == len(small) <= 14, [query["sql"] for query in big.captured_queries]
    with CaptureQueriesContext(connection) as last:
        last_page = client.get(f"{QUEUE}?page=21").content.decode()
    assert last_page.count('class="moderation-item"') == 2
    assert "Page 21 sur 21" in last_page
    assert len(last) == len(big)
