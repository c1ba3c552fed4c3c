"""The people page: administrators search, see contributions, change roles and services."""

from __future__ import annotations

import pytest

from tessera.accounts.models import Role, User
from tessera.contributions.services import ban_create
from tessera.organizations.models import Organization
from tests.conftest import make_user
from tests.factories import ServiceFactory
from tests.manage.conftest import client_of
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_finds_someone_by_name_or_email(
    admin: User, organization: Organization
) -> None:
    make_user(organization, display_name="Camille Dupont", email="camille@example.org")
    make_user(organization, display_name="Samir Haddad", email="samir@example.org")
    page = client_of(admin).get("/manage/people/?q=camille").content.decode()
    assert "Camille Dupont" in page
    assert "Samir Haddad" not in page


def test_the_person_page_shows_their_proposals_and_that_they_voted_not_what(
    admin: User, resident: User
) -> None:
    proposal = ProposalFactory(author=resident, organization=resident.organization)
    page = client_of(admin).get(f"/manage/people/{resident.pk}/").content.decode()
    assert proposal.title in page
    assert '<li data-figure="votes">' in page


def test_an_administrator_makes_someone_a_manager_and_an_analyst(
    admin: User, resident: User, organization: Organization
) -> None:
    service = ServiceFactory(organization=organization, name="Espaces verts")
    response = client_of(admin).post(
        f"/manage/people/{resident.pk}/", {"role": Role.MANAGER, "services": [service.pk]}
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.role == Role.MANAGER
    assert list(resident.services.all()) == [service]


def test_an_administrator_cannot_take_their_own_role_away(admin: User) -> None:
    response = client_of(admin).post(f"/manage/people/{admin.pk}/", {"role": Role.RESIDENT})
    assert response.status_code == 400
    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR


def test_a_manager_cannot_promote_anyone(manager: User, resident: User) -> None:
    response = client_of(manager).post(
        f"/manage/people/{resident.pk}/", {"role": Role.ADMINISTRATOR}
    )
    assert response.status_code == 403
    resident.refresh_from_db()
    assert resident.role == Role.RESIDENT


def test_the_list_runs_a_bounded_number_of_queries(
    admin: User, organization: Organization, django_assert_max_num_queries: object
) -> None:
    for _ in range(30):
        ProposalFactory(author=make_user(organization), organization=organization)
    client = client_of(admin)
    client.get("/manage/people/")
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        client.get("/manage/people/")


def test_an_administrator_sees_a_ban_and_lifts_it_from_the_person_page(
    admin: User, resident: User
) -> None:
    page = client_of(admin).get(f"/manage/people/{resident.pk}/").content.decode()
    assert "Non exclu·e." in page
    assert f'href="/manage/moderation/bans/?user={resident.pk}"' in page
    ban = ban_create(user=resident, moderator=admin, reason="Spam répété")
    page = client_of(admin).get(f"/manage/people/{resident.pk}/").content.decode()
    assert "Spam répété" in page
    assert f'action="/manage/moderation/bans/{ban.pk}/lift/"' in page
    client_of(admin).post(f"/manage/moderation/bans/{ban.pk}/lift/")
    page = client_of(admin).get(f"/manage/people/{resident.pk}/").content.decode()
    assert "Non exclu·e." in page
    assert "Spam répété" not in page


def test_a_moderator_who_may_ban_still_cannot_open_the_people_page(
    moderator: User, resident: User
) -> None:
    response = client_of(moderator).get(f"/manage/people/{resident.pk}/")
    assert response.status_code == 403
    assert b"/manage/moderation/bans/" not in response.content
