"""The move of proposals onto contributions (proposals 0003 to 0005) on seeded data, and back.

Counts and links must be equal before and after: every proposal owns one contribution with
its author, step, moderation state and counters; every support became one positive reaction
of the same person at the same date; migrating back restores the same rows.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tessera.accounts.models import User
from tessera.organizations.models import Organization, Theme
from tessera.processes.models import Step
from tests.conftest import make_user
from tests.migrations import executor, migrate

__all__ = ["executor"]  # the fixture

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("proposals", "0002_search_vector_gin_index"), ("contributions", "0001_initial")]
AFTER = [("proposals", "0005_proposal_contribution_required")]


def seed(apps: Any, step: Step, theme: Theme, users: list[User]) -> None:
    """Twelve proposals the old way: supports, comment counts, hidden, withdrawn, anonymous."""
    Proposal = apps.get_model("proposals", "Proposal")
    Support = apps.get_model("proposals", "Support")
    when = timezone.now() - timedelta(days=3)
    for number in range(12):
        proposal = Proposal.objects.create(
            organization_id=step.organization_id,
            step_id=step.pk,
            author_id=None if number == 11 else users[number % len(users)].pk,
            title=f"Proposition {number}",
            description="Texte",
            theme_id=theme.pk,
            status="withdrawn" if number == 7 else "published",
            hidden=number in {3, 5},
            hidden_reason="Propos injurieux" if number in {3, 5} else "",
            comments_count=number * 2,
        )
        supporters = users[: number % (len(users) + 1)]
        for user in supporters:
            Support.objects.create(
                organization_id=step.organization_id, proposal_id=proposal.pk, user_id=user.pk
            )
        Support.objects.filter(proposal_id=proposal.pk).update(created_at=when)
        Proposal.objects.filter(pk=proposal.pk).update(supports_count=len(supporters))


def before_snapshot(apps: Any) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    Proposal = apps.get_model("proposals", "Proposal")
    Support = apps.get_model("proposals", "Support")
    proposals = set(
        Proposal.objects.values_list(
            "pk",
            "organization_id",
            "step_id",
            "author_id",
            "hidden",
            "hidden_reason",
            "supports_count",
            "comments_count",
        )
    )
    supports = set(
        Support.objects.values_list("organization_id", "proposal_id", "user_id", "created_at")
    )
    return proposals, supports


def after_snapshot(apps: Any) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    Proposal = apps.get_model("proposals", "Proposal")
    Reaction = apps.get_model("contributions", "Reaction")
    proposals = {
        (
            pk,
            organization,
            step,
            author,
            state == "hidden",
            reason,
            positive,
            comments,
        )
        for pk, organization, step, author, state, reason, positive, comments in (
            Proposal.objects.values_list(
                "pk",
                "contribution__organization_id",
                "contribution__step_id",
                "contribution__author_id",
                "contribution__state",
                "contribution__hidden_reason",
                "contribution__positive_count",
                "contribution__comments_count",
            )
        )
    }
    reactions = set(
        Reaction.objects.filter(value="positive").values_list(
            "organization_id", "contribution__proposal__pk", "user_id", "created_at"
        )
    )
    return proposals, reactions


def test_proposals_and_supports_move_onto_contributions_and_back(
    executor: MigrationExecutor,
    organization: Organization,
    theme: Theme,
    step: Step,
) -> None:
    users = [make_user(organization) for _ in range(4)]
    apps = migrate(executor, BEFORE)
    seed(apps, step, theme, users)
    before = before_snapshot(apps)
    assert len(before[0]) == 12
    assert len(before[1]) == sum(n % 5 for n in range(12))

    apps = migrate(executor, AFTER)
    assert after_snapshot(apps) == before
    Contribution = apps.get_model("contributions", "Contribution")
    Reaction = apps.get_model("contributions", "Reaction")
    assert Contribution.objects.filter(kind="proposal").count() == 12
    assert Reaction.objects.count() == len(before[1])
    states = dict(
        apps.get_model("proposals", "Proposal").objects.values_list("title", "contribution__state")
    )
    assert states["Proposition 7"] == "withdrawn"
    assert states["Proposition 3"] == "hidden"
    assert states["Proposition 0"] == "published"

    apps = migrate(executor, BEFORE)
    assert before_snapshot(apps) == before
    assert apps.get_model("contributions", "Contribution").objects.count() == 0


FOLLOWS_BEFORE = [("notifications", "0003_moderation_family")]
FOLLOWS_AFTER = [("notifications", "0006_follow_contribution_constraints")]


def test_follows_of_proposals_become_follows_of_their_contributions_and_back(
    executor: MigrationExecutor,
    organization: Organization,
    proposal: Any,
    process: Any,
) -> None:
    fan, quitter = make_user(organization), make_user(organization)
    apps = migrate(executor, FOLLOWS_BEFORE)
    Follow = apps.get_model("notifications", "Follow")
    common = {"organization_id": organization.pk}
    Follow.objects.create(**common, user_id=fan.pk, proposal_id=proposal.pk)
    Follow.objects.create(**common, user_id=quitter.pk, proposal_id=proposal.pk, following=False)
    Follow.objects.create(**common, user_id=fan.pk, process_id=process.pk)
    before = set(Follow.objects.values_list("user_id", "proposal_id", "process_id", "following"))

    apps = migrate(executor, FOLLOWS_AFTER)
    Follow = apps.get_model("notifications", "Follow")
    assert (
        set(
            Follow.objects.values_list(
                "user_id", "contribution__proposal__pk", "process_id", "following"
            )
        )
        == before
    )
    assert Follow.objects.filter(contribution_id=proposal.contribution_id).count() == 2

    apps = migrate(executor, FOLLOWS_BEFORE)
    Follow = apps.get_model("notifications", "Follow")
    assert set(Follow.objects.values_list("user_id", "proposal_id", "process_id", "following")) == (
        before
    )
