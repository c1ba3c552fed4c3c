"""The move of comments onto contributions (comments 0002 to 0004) on seeded data, and back.

Counts and links must be equal before and after: every comment and reply owns one
contribution of kind "comment" on its proposal's step, with its author, date and moderation
state (hidden with its public reason, by whom, automatically or not); migrating back restores
the same rows and leaves no comment contribution behind.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tessera.accounts.models import User
from tessera.organizations.models import Organization
from tessera.proposals.models import Proposal
from tests.conftest import make_user
from tests.migrations import executor, migrate

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["executor"]  # the fixture

BEFORE = [("comments", "0001_initial"), ("contributions", "0002_ban")]
AFTER = [("comments", "0004_comment_contribution_required")]
MODERATION = ("hidden", "hidden_reason", "hidden_automatically", "hidden_at", "hidden_by_id")


def seed(apps: Any, proposal: Proposal, users: list[User], moderator: User) -> None:
    """Ten comments and five replies the old way: hidden (by hand, automatically), deleted."""
    Comment = apps.get_model("comments", "Comment")
    when = timezone.now() - timedelta(days=2)
    common = {"organization_id": proposal.organization_id, "proposal_id": proposal.pk}
    tops = []
    for number in range(10):
        tops.append(
            Comment.objects.create(
                **common,
                author_id=None if number == 9 else users[number % len(users)].pk,
                body=f"Avis {number}",
                body_html=f"<p>Avis {number}</p>",
                created_at=when + timedelta(minutes=number),
                edited_at=when + timedelta(minutes=number + 1) if number == 4 else None,
                deleted=number == 6,
                hidden=number in {2, 3},
                hidden_reason="Propos injurieux" if number in {2, 3} else "",
                hidden_automatically=number == 3,
                hidden_at=when + timedelta(hours=1) if number in {2, 3} else None,
                hidden_by_id=moderator.pk if number == 2 else None,
            )
        )
    for number in range(5):
        Comment.objects.create(
            **common,
            parent_id=tops[number].pk,
            author_id=users[(number + 1) % len(users)].pk,
            body=f"Réponse {number}",
            body_html=f"<p>Réponse {number}</p>",
            created_at=when + timedelta(hours=2, minutes=number),
        )


def before_snapshot(apps: Any) -> set[tuple[Any, ...]]:
    Comment = apps.get_model("comments", "Comment")
    return set(
        Comment.objects.values_list(
            "pk", "organization_id", "proposal_id", "parent_id", "author_id", "created_at",
            "edited_at", "deleted", "body", *MODERATION,
        )
    )  # fmt: skip


def after_snapshot(apps: Any) -> set[tuple[Any, ...]]:
    Comment = apps.get_model("comments", "Comment")
    rows = Comment.objects.values_list(
        "pk", "contribution__organization_id", "proposal_id", "parent_id",
        "contribution__author_id", "contribution__created_at", "contribution__edited_at",
        "deleted", "body", "contribution__state", "contribution__hidden_reason",
        "contribution__hidden_automatically", "contribution__hidden_at",
        "contribution__hidden_by_id",
    )  # fmt: skip
    return {(*row[:9], row[9] == "hidden", *row[10:]) for row in rows}


def test_comments_and_replies_move_onto_contributions_and_back(
    executor: MigrationExecutor, organization: Organization, proposal: Proposal, moderator: User
) -> None:
    users = [make_user(organization) for _ in range(3)]
    apps = migrate(executor, BEFORE)
    seed(apps, proposal, users, moderator)
    before = before_snapshot(apps)
    assert len(before) == 15

    apps = migrate(executor, AFTER)
    assert after_snapshot(apps) == before
    Contribution = apps.get_model("contributions", "Contribution")
    comments = Contribution.objects.filter(kind="comment")
    assert comments.count() == 15
    assert set(comments.values_list("step_id", flat=True)) == {proposal.step_id}
    states = dict(
        apps.get_model("comments", "Comment").objects.values_list("body", "contribution__state")
    )
    assert (states["Avis 0"], states["Avis 2"], states["Avis 6"]) == (
        "published",
        "hidden",
        "withdrawn",
    )

    apps = migrate(executor, BEFORE)
    assert before_snapshot(apps) == before
    assert (
        not apps.get_model("contributions", "Contribution").objects.filter(kind="comment").exists()
    )
