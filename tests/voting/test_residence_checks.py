"""The staff's residence check in the back office (/manage/votes/<step>/residence/): found
from the vote's pages, role x action, recorded with its audit line, and what a voter of
another organisation or a forged id cannot do."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tessera.accounts.models import User
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.voting.models import AuditEntry, ResidenceCheck

pytestmark = pytest.mark.django_db


def residence_url(step: Step) -> str:
    return f"/manage/votes/{step.pk}/residence/"


@pytest.fixture
def district(vote_step: Step) -> District:
    return District.objects.create(organization=vote_step.organization, name="Nord", slug="nord")


@pytest.mark.parametrize(
    ("persona", "search", "record"),
    [
        ("resident", 403, 403),
        ("moderator", 403, 403),
        ("analyst", 403, 403),
        ("manager", 200, 302),
        ("admin", 200, 302),
        # Not an account of this site: an anonymous visitor, asked to log in.
        ("other_organization_admin", 302, 302),
    ],
)
def test_who_may_search_and_record_residence_checks(
    client: Client,
    request: pytest.FixtureRequest,
    vote_step: Step,
    district: District,
    voter: User,
    persona: str,
    search: int,
    record: int,
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(residence_url(vote_step), {"q": voter.email}).status_code == search
    data = {"resident": voter.pk, "district": district.pk, "q": "x"}
    assert client.post(residence_url(vote_step), data).status_code == record
    assert ResidenceCheck.objects.filter(user=voter).exists() is (search == 200)


def test_an_anonymous_visitor_is_asked_to_log_in(client: Client, vote_step: Step) -> None:
    response = client.get(residence_url(vote_step))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_manager_finds_a_voter_and_records_where_they_live_with_an_audit_line(
    client: Client, manager: User, vote_step: Step, district: District, voter: User
) -> None:
    client.force_login(manager)
    html = client.get(residence_url(vote_step), {"q": voter.email[:5]}).content.decode()
    assert voter.email in html
    assert "never" in html or "jamais" in html
    response = client.post(
        residence_url(vote_step), {"resident": voter.pk, "district": district.pk, "q": voter.email}
    )
    assert response.status_code == 302
    check = ResidenceCheck.objects.get(user=voter)
    assert (check.district, check.checked_by) == (district, manager)
    entry = AuditEntry.objects.get(step=vote_step, action="residence")
    assert entry.details == {"resident": voter.pk, "district": district.pk, "name": "Nord"}
    html = client.get(response["Location"]).content.decode()
    assert "Nord" in html


def test_the_search_reads_a_bounded_number_of_queries(
    client: Client, manager: User, vote_step: Step, voter: User
) -> None:
    client.force_login(manager)
    client.get(residence_url(vote_step), {"q": "example"})
    with CaptureQueriesContext(connection) as few:
        client.get(residence_url(vote_step), {"q": voter.email[:5]})
    for n in range(15):
        User.objects.create(
            organization=vote_step.organization,
            email=f"{voter.email[:5]}{n}@example.org",
            display_name=f"Résident {n}",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(residence_url(vote_step), {"q": voter.email[:5]})
    assert len(many) == len(few)


def test_a_resident_of_another_organisation_cannot_be_checked(
    client: Client,
    manager: User,
    vote_step: Step,
    district: District,
    other_organization_admin: User,
) -> None:
    client.force_login(manager)
    response = client.post(
        residence_url(vote_step),
        {"resident": other_organization_admin.pk, "district": district.pk},
    )
    assert response.status_code == 302
    assert not ResidenceCheck.objects.exists()


def test_the_vote_pages_lead_to_it(client: Client, manager: User, vote_step: Step) -> None:
    client.force_login(manager)
    process = vote_step.process
    manage_page = client.get(f"/processes/{process.slug}/steps/{vote_step.pk}/vote/manage/")
    assert residence_url(vote_step) in manage_page.content.decode()
    settings_page = client.get(f"/manage/processes/{process.slug}/steps/{vote_step.pk}/")
    assert residence_url(vote_step) in settings_page.content.decode()
