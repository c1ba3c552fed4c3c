"""Role × action matrix of the analysis back office, in rules and through HTTP."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from tessera.accounts.models import User
from tessera.analysis.models import Assignment, InternalComment
from tessera.processes.models import Process
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_status_change
from tests.analysis.conftest import page_url, table_url

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "resident",
    "author",
    "analyst",
    "analyst_of_other_service",
    "moderator",
    "manager",
    "admin",
    "other_organization_admin",
]
# (action, object the permission is asked on)
ACTIONS = [
    ("view_table", "process"),
    ("export", "process"),
    ("assign", "process"),
    ("change_status", "process"),
    ("view_proposal", "proposal"),
    ("view_analysis", "assignment"),
    ("change_analysis", "assignment"),
    ("view_internal_comments", "proposal"),
    ("add_internal_comment", "proposal"),
    ("request_revision", "proposal"),
    ("decide", "proposal"),
]
# A row per persona, in the order of ACTIONS; the proposal is under analysis, assigned to
# the analyst's service ("Voirie").
EXPECTED = {
    "anonymous":                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "resident":                 (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "author":                   (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "analyst":                  (1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0),
    "analyst_of_other_service": (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "moderator":                (1, 1, 0, 0, 1, 1, 0, 1, 0, 0, 0),
    "manager":                  (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "admin":                    (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "other_organization_admin": (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
}  # fmt: skip


def persona(name: str, request: pytest.FixtureRequest) -> object:
    if name == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(name)


@pytest.mark.parametrize("name", PERSONAS)
def test_each_role_may_do_exactly_what_the_matrix_says(
    name: str, request: pytest.FixtureRequest, process: Process, assignment: Assignment
) -> None:
    request.getfixturevalue("analyst_of_other_service")  # the "Culture" service exists
    user = persona(name, request)
    objects = {"process": process, "proposal": assignment.proposal, "assignment": assignment}
    actual = tuple(
        int(user.has_perm(f"analysis.{action}", objects[target]))  # type: ignore[attr-defined]
        for action, target in ACTIONS
    )
    assert actual == EXPECTED[name]


# What each persona gets from the table and the analysis page.
HTTP_EXPECTED = {
    "anonymous": (302, 302),
    "resident": (403, 403),
    "author": (403, 403),
    "analyst": (200, 200),
    "analyst_of_other_service": (200, 403),
    "moderator": (200, 200),
    "manager": (200, 200),
    "admin": (200, 200),
}


@pytest.mark.parametrize("name", list(HTTP_EXPECTED))
def test_the_pages_answer_each_role_as_the_matrix_says(
    name: str, request: pytest.FixtureRequest, client: Client, assignment: Assignment
) -> None:
    proposal = assignment.proposal
    if name != "anonymous":
        client.force_login(request.getfixturevalue(name))
    table = client.get(table_url(proposal.step.process))
    page = client.get(page_url(proposal))
    assert (table.status_code, page.status_code) == HTTP_EXPECTED[name]
    if name == "anonymous":
        assert table["Location"].startswith("/accounts/login/")


def test_another_organisation_admin_gets_nothing_on_their_own_site(
    other_client: Client, other_organization_admin: User, assignment: Assignment
) -> None:
    other_client.force_login(other_organization_admin)
    assert other_client.get(page_url(assignment.proposal)).status_code == 404


def test_an_analyst_of_another_service_sees_neither_the_proposal_nor_its_analysis(
    client: Client, analyst_of_other_service: User, assignment: Assignment
) -> None:
    client.force_login(analyst_of_other_service)
    table = client.get(table_url(assignment.proposal.step.process)).content.decode()
    assert "Des bancs à l&#x27;ombre" not in table
    assert "0 proposition" in table
    response = client.post(
        page_url(assignment.proposal, f"analyses/{assignment.pk}/"),
        {f"analysis-{assignment.pk}-eligibility": "eligible"},
    )
    assert response.status_code == 403


def test_an_analyst_sees_only_their_services_analysis_on_a_shared_proposal(
    client: Client, analyst: User, assignment: Assignment, analyst_of_other_service: User
) -> None:
    culture = analyst_of_other_service.services.get()
    other = Assignment.objects.create(
        organization=assignment.organization, proposal=assignment.proposal, service=culture
    )
    client.force_login(analyst)
    page = client.get(page_url(assignment.proposal)).content.decode()
    assert f'id="service-{assignment.service_id}"' in page
    assert f'id="service-{other.service_id}"' not in page
    client.force_login(analyst_of_other_service)
    page = client.get(page_url(assignment.proposal)).content.decode()
    assert f'id="service-{assignment.service_id}"' not in page
    assert f'id="service-{other.service_id}"' in page


def test_a_resident_never_sees_internal_comments_even_as_the_author(
    client: Client, assignment: Assignment, author: User, manager: User
) -> None:
    proposal = assignment.proposal
    InternalComment.objects.create(
        organization=proposal.organization,
        proposal=proposal,
        author=manager,
        body="Note interne : voir avec la Voirie",
    )
    for user in (None, author):
        client.logout()
        if user is not None:
            client.force_login(user)
        public = client.get(proposal.get_absolute_url()).content.decode()
        assert "Note interne" not in public
        assert client.get(page_url(proposal)).status_code in (302, 403)


def test_a_moderator_reads_but_writes_nothing(
    client: Client, moderator: User, assignment: Assignment
) -> None:
    client.force_login(moderator)
    page = client.get(page_url(assignment.proposal)).content.decode()
    assert '<form method="post" action="/manage/' not in page
    for suffix in ("comments/", f"analyses/{assignment.pk}/", "decision/", "revision/", "assign/"):
        assert client.post(page_url(assignment.proposal, suffix), {}).status_code == 403


@pytest.mark.parametrize("status", ["eligible", "winner", "withdrawn"])
def test_revision_is_asked_only_while_the_proposal_is_studied(
    status: str, proposal: Proposal, manager: User
) -> None:
    path = {"eligible": ["eligible"], "winner": ["eligible", "winner"], "withdrawn": ["withdrawn"]}
    for to_status in path[status]:
        proposal_status_change(proposal=proposal, to_status=to_status, changed_by=manager)
    assert not manager.has_perm("analysis.request_revision", proposal)
    assert manager.has_perm("analysis.decide", proposal) == (status == "eligible")
