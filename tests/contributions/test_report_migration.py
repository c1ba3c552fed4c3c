"""The move of reports and moderation settings into contributions, on seeded data, and back.

proposals 0007-0008 and comments 0005-0006: every proposals.Report and comments.CommentReport
becomes one contributions.Report of the same item's contribution (reporter, reason, message,
dates, who resolved it); the organisation's threshold moves too. Counts and links are equal
before and after, and migrating back restores the same rows.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tessera.accounts.models import User
from tessera.comments.services import comment_create
from tessera.organizations.models import Organization
from tessera.proposals.models import Proposal
from tests.conftest import make_user
from tests.migrations import executor, migrate

__all__ = ["executor"]  # the fixture

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [
    ("proposals", "0006_collect_limits"),
    ("comments", "0004_comment_contribution_required"),
    ("contributions", "0002_ban"),
]
AFTER = [
    ("proposals", "0008_delete_report"),
    ("comments", "0006_delete_reports_and_settings"),
]
FIELDS = ("organization_id", "reporter_id", "reason", "message", "created_at", "resolved_at",
          "resolved_by_id")  # fmt: skip


def seed(apps: Any, proposals: list[Proposal], comments: list[Any], people: list[User]) -> None:
    """Reports the old way, on proposals and comments: open, resolved, anonymous."""
    Report = apps.get_model("proposals", "Report")
    CommentReport = apps.get_model("comments", "CommentReport")
    when = timezone.now() - timedelta(days=1)
    for number, (model, key, target) in enumerate(
        [(Report, "proposal_id", item.pk) for item in proposals]
        + [(CommentReport, "comment_id", item.pk) for item in comments]
    ):
        for index, reporter in enumerate(people[: number % 4 + 1]):
            model.objects.create(
                organization_id=reporter.organization_id,
                **{key: target},
                reporter_id=None if (number, index) == (2, 1) else reporter.pk,
                reason=("spam", "abuse", "other")[index % 3],
                message=f"Message {number}-{index}",
                created_at=when + timedelta(minutes=number),
                resolved_at=when + timedelta(hours=1) if number % 3 == 0 else None,
                resolved_by_id=people[-1].pk if number % 3 == 0 else None,
            )
    apps.get_model("comments", "ModerationSettings").objects.create(
        organization_id=people[0].organization_id, reports_threshold=5
    )


def before_snapshot(apps: Any) -> set[tuple[Any, ...]]:
    Report = apps.get_model("proposals", "Report")
    CommentReport = apps.get_model("comments", "CommentReport")
    return {
        ("proposal", *row)
        for row in Report.objects.values_list("proposal__contribution_id", *FIELDS)
    } | {("comment", *row) for row in CommentReport.objects.values_list(
        "comment__contribution_id", *FIELDS
    )}  # fmt: skip


def after_snapshot(apps: Any) -> set[tuple[Any, ...]]:
    Report = apps.get_model("contributions", "Report")
    return {
        (kind, *row)
        for kind, *row in Report.objects.values_list(
            "contribution__kind", "contribution_id", *FIELDS
        )
    }


def test_reports_of_proposals_and_comments_move_to_contributions_and_back(
    executor: MigrationExecutor, organization: Organization, proposal: Proposal, step: Any
) -> None:
    people = [make_user(organization) for _ in range(5)]
    proposals = [proposal, *(Proposal.objects.filter(step=step).exclude(pk=proposal.pk))]
    comments = [
        comment_create(target=proposal.contribution, author=people[4], body=f"Avis {number}",
                       now=timezone.now() - timedelta(hours=number + 1))
        for number in range(4)
    ]  # fmt: skip
    apps = migrate(executor, BEFORE)
    seed(apps, proposals, comments, people)
    before = before_snapshot(apps)
    assert len(before) == sum(number % 4 + 1 for number in range(len(proposals) + 4))

    apps = migrate(executor, AFTER)
    assert after_snapshot(apps) == before
    settings = apps.get_model("contributions", "ModerationSettings").objects.get()
    assert (settings.organization_id, settings.reports_threshold) == (organization.pk, 5)

    apps = migrate(executor, BEFORE)
    assert before_snapshot(apps) == before
    assert apps.get_model("comments", "ModerationSettings").objects.get().reports_threshold == 5
