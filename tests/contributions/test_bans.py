"""Bans: a moderator keeps a participant from contributing, with a reason they read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tessera.accounts.models import User
from tessera.comments.services import comment_create
from tessera.contributions.models import Ban
from tessera.contributions.services import ban_create
from tessera.organizations.models import Organization
from tessera.proposals.models import Proposal
from tests.conftest import make_user
from tests.proposals.conftest import url

pytestmark = pytest.mark.django_db
BANS = "/manage/moderation/bans/"


def test_a_moderator_bans_a_participant_who_then_reads_why_and_contributes_no_more(
    client: Client, proposal: Proposal, resident: User, moderator: User
) -> None:
    client.force_login(moderator)
    assert resident.display_name in client.get(f"{BANS}?user={resident.pk}").content.decode()
    response = client.post(
        f"{BANS}?user={resident.pk}", {"reason": "Insultes répétées", "until": "2099-01-31"}
    )
    assert response.status_code == 302
    ban = Ban.objects.get(user=resident)
    assert ban.created_by == moderator
    assert ban.ends_at is not None
    assert timezone.localtime(ban.ends_at).date().isoformat() == "2099-01-31"

    client.force_login(resident)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Insultes répétées" in page
    assert "31 janvier 2099" in page
    assert client.post(url(proposal.step, "support", proposal)).status_code == 403
    refused = client.get(url(proposal.step, "new"))
    assert refused.status_code == 403
    assert "Insultes répétées" in refused.content.decode()
    assert client.get(url(proposal.step, "report", proposal)).status_code == 403
    fresh = User.objects.get(pk=resident.pk)
    assert not fresh.has_perm("comments.add_comment", proposal.contribution)
    with pytest.raises(PermissionDenied):
        comment_create(target=proposal.contribution, author=fresh, body="Encore moi")


def test_a_ban_that_ended_or_was_lifted_no_longer_counts(
    client: Client, proposal: Proposal, resident: User, moderator: User
) -> None:
    ban = ban_create(
        user=resident,
        moderator=moderator,
        reason="Spam",
        ends_at=timezone.now() + timedelta(hours=1),
    )
    assert not User.objects.get(pk=resident.pk).has_perm(
        "contributions.react", proposal.contribution
    )
    Ban.objects.filter(pk=ban.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    assert User.objects.get(pk=resident.pk).has_perm("contributions.react", proposal.contribution)
    ban = ban_create(user=resident, moderator=moderator, reason="Spam")
    client.force_login(moderator)
    assert client.post(f"{BANS}{ban.pk}/lift/").status_code == 302
    assert User.objects.get(pk=resident.pk).has_perm("contributions.react", proposal.contribution)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "  "}, "Ce champ est obligatoire."),
        ({"reason": "Spam", "until": "2001-01-01"}, "La fin du bannissement doit être future."),
    ],
)
def test_a_ban_needs_a_reason_and_a_future_end(
    client: Client, resident: User, moderator: User, data: dict[str, str], message: str
) -> None:
    client.force_login(moderator)
    response = client.post(f"{BANS}?user={resident.pk}", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ban.objects.exists()


def test_staff_cannot_be_banned(client: Client, manager: User, moderator: User) -> None:
    client.force_login(moderator)
    response = client.post(f"{BANS}?user={manager.pk}", {"reason": "Essai"})
    assert response.status_code == 400
    assert not Ban.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("resident", 403), ("analyst", 403)])
def test_only_moderators_ban(
    client: Client, persona: str, status: int, request: pytest.FixtureRequest, resident: User
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(BANS).status_code == status
    assert client.post(f"{BANS}?user={resident.pk}", {"reason": "x"}).status_code == status
    assert not Ban.objects.exists()


def test_another_organisations_moderator_cannot_ban_here(
    other_client: Client, other_organization: Organization, resident: User
) -> None:
    """The attacker is a moderator of another site who names a user of this one."""
    attacker = make_user(other_organization, role="moderator")
    other_client.force_login(attacker)
    response = other_client.post(f"{BANS}?user={resident.pk}", {"reason": "x"})
    assert response.status_code == 404
    assert not Ban.objects.exists()


def test_the_bans_page_runs_a_bounded_number_of_queries(
    client: Client, organization: Organization, moderator: User
) -> None:
    def ban_some(count: int) -> None:
        for _ in range(count):
            ban_create(user=make_user(organization), moderator=moderator, reason="Spam")

    ban_some(1)
    client.force_login(moderator)
    client.get(BANS)  # warm the caches (organisation, branding)
    with CaptureQueriesContext(connection) as small:
        client.get(BANS)
    ban_some(15)
    with CaptureQueriesContext(connection) as big:
        page = client.get(BANS).content.decode()
    assert "16 bannissements en cours" in page
    assert len(big) == len(small) <= 10, [q["sql"][:90] for q in big.captured_queries]
