"""The proposals table: filters, search, pagination, overdue analyses, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tessera.accounts.models import Service, User
from tessera.analysis.models import Analysis, Assignment, Decision
from tessera.analysis.rules import is_overdue
from tessera.organizations.models import District, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.proposals.services import search_vector_refresh
from tests.analysis.conftest import table_url, yesterday
from tests.factories import ThemeFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def titles(client: Client, process: Process, query: str = "") -> list[str]:
    response = client.get(table_url(process) + query)
    assert response.status_code == 200
    page = response.content.decode()
    return sorted(
        proposal.title
        for proposal in Proposal.objects.all()
        if f">{proposal.title}</a>" in page.replace("&#x27;", "'")
    )


def assign(proposal: Proposal, service: Service, **fields: object) -> Assignment:
    return Assignment.objects.create(
        organization=proposal.organization, proposal=proposal, service=service, **fields
    )


@pytest.fixture
def three(
    step: Step, author: User, theme: Theme, district: District, voirie: Service, culture: Service
) -> list[Proposal]:
    other_theme = ThemeFactory(organization=step.organization, name="Mobilités", slug="mobilites")
    bancs = ProposalFactory(step=step, author=author, theme=theme, title="Des bancs à l'ombre")
    velos = ProposalFactory(
        step=step,
        author=author,
        theme=other_theme,
        district=district,
        title="Un abri à vélos sécurisé",
        status="eligible",
    )
    livres = ProposalFactory(
        step=step, author=author, theme=theme, title="Une boîte à livres", status="under_analysis"
    )
    assign(bancs, voirie, due_date=yesterday())
    assign(velos, culture)
    assign(livres, voirie, due_date=yesterday())
    Analysis.objects.create(
        organization=livres.organization,
        assignment=livres.assignments.get(),
        eligibility="eligible",
        submitted_at=timezone.now(),
    )
    Decision.objects.create(organization=velos.organization, proposal=velos, outcome="eligible")
    search_vector_refresh()  # factories skip it (PostgreSQL's full-text search)
    return [bancs, velos, livres]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Des bancs à l'ombre", "Un abri à vélos sécurisé", "Une boîte à livres"]),
        ("?status=eligible", ["Un abri à vélos sécurisé"]),
        ("?theme={nature}", ["Des bancs à l'ombre", "Une boîte à livres"]),
        ("?district={gare}", ["Un abri à vélos sécurisé"]),
        ("?service={voirie}", ["Des bancs à l'ombre", "Une boîte à livres"]),
        ("?decision=eligible", ["Un abri à vélos sécurisé"]),
        ("?decision=none", ["Des bancs à l'ombre", "Une boîte à livres"]),
        ("?overdue=on", ["Des bancs à l'ombre"]),
        ("?q=vélos", ["Un abri à vélos sécurisé"]),
        ("?q=livres&status=under_analysis", ["Une boîte à livres"]),
    ],
)
def test_the_table_filters_and_searches(
    client: Client,
    manager: User,
    process: Process,
    three: list[Proposal],
    theme: Theme,
    district: District,
    voirie: Service,
    query: str,
    expected: list[str],
) -> None:
    client.force_login(manager)
    query = query.format(nature=theme.pk, gare=district.pk, voirie=voirie.pk)
    assert titles(client, process, query) == sorted(expected)


def test_the_analyst_filter_finds_the_proposals_given_to_that_person(
    client: Client, manager: User, process: Process, three: list[Proposal], analyst: User
) -> None:
    Assignment.objects.filter(proposal=three[0]).update(analyst=analyst)
    client.force_login(manager)
    assert titles(client, process, f"?analyst={analyst.pk}") == ["Des bancs à l'ombre"]


def test_an_analyst_finds_only_the_proposals_of_their_services(
    client: Client, analyst: User, process: Process, three: list[Proposal]
) -> None:
    client.force_login(analyst)
    assert titles(client, process) == ["Des bancs à l'ombre", "Une boîte à livres"]


def test_an_unknown_filter_value_is_a_clear_400(
    client: Client, manager: User, process: Process
) -> None:
    client.force_login(manager)
    response = client.get(table_url(process) + "?status=nimporte")
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_overdue_analyses_stand_out_and_a_submitted_one_does_not(
    client: Client, manager: User, process: Process, three: list[Proposal]
) -> None:
    client.force_login(manager)
    page = client.get(table_url(process)).content.decode()
    assert page.count('<tr class="overdue">') == 1
    assert page.count("En retard") == 1
    assert "Transmise : Recevable" in page


def test_overdue_is_a_passed_due_date_without_submission() -> None:
    today = timezone.localdate()
    now = timezone.now()
    assert is_overdue(today - timedelta(days=1), None, today)
    assert not is_overdue(today, None, today)
    assert not is_overdue(today - timedelta(days=1), now, today)
    assert not is_overdue(None, None, today)


def test_the_table_counts_and_paginates(
    client: Client, manager: User, process: Process, step: Step, author: User, theme: Theme
) -> None:
    for number in range(55):
        ProposalFactory(step=step, author=author, theme=theme, title=f"Idée {number:02d}")
    client.force_login(manager)
    first = client.get(table_url(process) + "?theme=" + str(theme.pk)).content.decode()
    assert "55 propositions" in first
    assert "Page 1 sur 2" in first
    assert f"theme={theme.pk}&amp;page=2" in first
    second = client.get(table_url(process) + f"?theme={theme.pk}&page=2").content.decode()
    assert second.count('name="proposals"') == 5


def _fill(step: Step, author: User, theme: Theme, services: list[Service], count: int) -> None:
    for _number in range(count):
        proposal = ProposalFactory(step=step, author=author, theme=theme)
        for service in services:
            assignment = assign(proposal, service, due_date=yesterday())
            Analysis.objects.create(
                organization=proposal.organization, assignment=assignment, eligibility="eligible"
            )
        Decision.objects.create(
            organization=proposal.organization, proposal=proposal, outcome="eligible"
        )


@pytest.mark.parametrize("persona", ["manager", "analyst"])
def test_the_table_runs_a_bounded_number_of_queries(
    client: Client,
    process: Process,
    step: Step,
    author: User,
    theme: Theme,
    voirie: Service,
    culture: Service,
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    client.force_login(request.getfixturevalue(persona))
    _fill(step, author, theme, [voirie, culture], 3)
    client.get(table_url(process))  # warm the session and the site's caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(table_url(process)).status_code == 200
    _fill(step, author, theme, [voirie, culture], 60)
    with CaptureQueriesContext(connection) as many:
        response = client.get(table_url(process))
    assert response.status_code == 200
    assert response.content.decode().count("</tr>") == 51  # the header and 50 rows
    assert len(many) == len(few), [query["sql"][:90] for query in many]
    assert len(many) <= 14, [query["sql"][:120] for query in many]


def test_an_analyst_has_no_bulk_actions_to_tick_for(
    client: Client, analyst: User, process: Process, three: list[Proposal]
) -> None:
    client.force_login(analyst)
    page = client.get(table_url(process)).content.decode()
    assert 'name="proposals"' not in page
    assert "Appliquer aux propositions cochées" not in page
    assert "export.csv" not in page
