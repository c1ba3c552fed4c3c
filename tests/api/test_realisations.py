"""The realisations of the GraphQL API: status, progress, dates, budgets and news, as the
realisations pages show them; filters; what stays out; query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import Service
from tessera.followup.models import FollowupSettings, Realisation
from tessera.followup.statuses import RealisationStatus
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Process, Visibility
from tests.api.conftest import data, errors, queries_of
from tests.factories import ProcessFactory, ServiceFactory
from tests.followup.factories import FollowupStepFactory, NewsPostFactory, RealisationFactory

pytestmark = pytest.mark.django_db

LIST = """
query List($process: String, $status: RealisationStatus, $theme: String, $district: String,
           $limit: Int) {
  realisations(process: $process, status: $status, theme: $theme, district: $district,
               pagination: {limit: $limit}) {
    totalCount
    results {
      id title status abandonReason progress plannedStart plannedEnd actualStart actualEnd
      budgetVoted budgetSpent serviceName address updatedAt proposalId url
      district { slug } theme { slug }
      process { slug } step { kind }
      news { title publishedAt bodyHtml }
    }
  }
}
"""

ONE = "query One($id: ID!) { realisation(id: $id) { id title } }"


def realisation_in(process: Process, **fields: object) -> Realisation:
    step = FollowupStepFactory(process=process)
    realisation: Realisation = RealisationFactory(step=step, **fields)
    return realisation


def titles(client: Client, **variables: object) -> list[str]:
    page = data(client, LIST, variables)["realisations"]
    return [realisation["title"] for realisation in page["results"]]


@pytest.fixture
def service(organization: Organization) -> Service:
    service: Service = ServiceFactory(organization=organization, name="Espaces verts")
    return service


def test_it_lists_realisations_with_their_news(
    process: Process, district: District, service: Service
) -> None:
    realisation = realisation_in(
        process,
        title="Un verger",
        status=RealisationStatus.WORKS,
        progress=40,
        planned_start=date(2026, 3, 1),
        planned_end=date(2026, 9, 30),
        actual_start=date(2026, 3, 15),
        budget_spent=12_000,
        service=service,
        district=district,
        address="Parc de la Gare",
    )
    now = timezone.now()
    NewsPostFactory(realisation=realisation, title="Plantation", published_at=now)
    NewsPostFactory(realisation=realisation, title="Étude", published_at=now - timedelta(days=30))

    page = data(Client(), LIST)["realisations"]

    assert page["totalCount"] == 1
    [found] = page["results"]
    assert found["title"] == "Un verger"
    assert found["status"] == "WORKS"
    assert found["progress"] == 40
    assert found["plannedStart"] == "2026-03-01"
    assert found["plannedEnd"] == "2026-09-30"
    assert found["actualStart"] == "2026-03-15"
    assert found["actualEnd"] is None
    assert found["budgetVoted"] == 40_000
    assert found["budgetSpent"] == 12_000
    assert found["serviceName"] == "Espaces verts"
    assert found["address"] == "Parc de la Gare"
    assert found["district"] == {"slug": "la-gare"}
    assert found["proposalId"] == str(realisation.proposal_id)
    assert found["process"] == {"slug": "budget"}
    assert found["step"] == {"kind": "followup"}
    assert found["url"] == f"http://testserver/realisations/{realisation.pk}/"
    assert [news["title"] for news in found["news"]] == ["Plantation", "Étude"]
    assert found["news"][0]["bodyHtml"] == "<p>Les travaux <strong>avancent</strong>.</p>"


def test_it_filters_by_process_status_theme_and_district(
    organization: Organization, process: Process, theme: Theme, district: District
) -> None:
    other = ProcessFactory(organization=organization, slug="budget-2024")
    realisation_in(process, title="En travaux", status=RealisationStatus.WORKS, district=district)
    realisation_in(
        other,
        title="Abandonné",
        status=RealisationStatus.ABANDONED,
        abandon_reason="Trop cher.",
    )
    client = Client()

    assert sorted(titles(client)) == ["Abandonné", "En travaux"]
    assert titles(client, process="budget-2024") == ["Abandonné"]
    assert titles(client, status="WORKS") == ["En travaux"]
    assert titles(client, district="la-gare") == ["En travaux"]
    assert titles(client, theme="nowhere") == []


def test_an_unlisted_process_gives_its_realisations_by_its_slug_only(process: Process) -> None:
    realisation = realisation_in(process, title="Discret")
    Process.objects.filter(pk=process.pk).update(visibility=Visibility.UNLISTED)
    client = Client()

    assert titles(client) == []
    assert titles(client, process="budget") == ["Discret"]
    assert data(client, ONE, {"id": realisation.pk}) == {"realisation": None}


@pytest.mark.parametrize(
    "fields",
    [{"is_published": False}, {"visibility": Visibility.RESTRICTED}],
    ids=["draft", "restricted"],
)
def test_the_realisations_of_a_draft_or_restricted_process_stay_out(
    process: Process, fields: dict[str, object]
) -> None:
    realisation = realisation_in(process, title="Caché")
    Process.objects.filter(pk=process.pk).update(**fields)
    client = Client()

    assert titles(client) == []
    assert errors(client, LIST, {"process": "budget"}) == ["No public process with this slug."]
    assert data(client, ONE, {"id": realisation.pk}) == {"realisation": None}


def test_a_realisation_is_found_by_its_id(process: Process) -> None:
    realisation = realisation_in(process, title="Un verger")
    client = Client()

    assert data(client, ONE, {"id": realisation.pk}) == {
        "realisation": {"id": str(realisation.pk), "title": "Un verger"}
    }
    assert data(client, ONE, {"id": 999_999}) == {"realisation": None}
    assert data(client, ONE, {"id": "abc"}) == {"realisation": None}


def test_another_organisation_never_sees_these_realisations(
    process: Process, other_organization: Organization, other_client: Client
) -> None:
    realisation = realisation_in(process, title="Un verger")

    assert titles(other_client) == []
    assert errors(other_client, LIST, {"process": "budget"})
    assert data(other_client, ONE, {"id": realisation.pk}) == {"realisation": None}


def test_a_page_over_100_is_refused(process: Process) -> None:
    assert errors(Client(), LIST, {"limit": 1000}) == [
        "The page size (limit) must be between 1 and 100."
    ]


def _realisations(process: Process, service: Service, district: District, count: int) -> None:
    for _index in range(count):
        realisation = realisation_in(process, service=service, district=district)
        NewsPostFactory(realisation=realisation)


def test_the_list_runs_the_same_queries_for_3_or_30_realisations(
    process: Process, service: Service, district: District
) -> None:
    client = Client()
    _realisations(process, service, district, 3)
    few = queries_of(client, LIST, {"limit": 100})
    _realisations(process, service, district, 27)
    many = queries_of(client, LIST, {"limit": 100})

    assert few == many
    # The count, the realisations (process, step, service, district, theme joined), the news.
    assert many == 3


def test_budgets_a_follow_up_step_keeps_unpublished_are_null(process: Process) -> None:
    realisation = realisation_in(process, title="Un verger", budget_spent=12_000)
    budgets = "query One($id: ID!) { realisation(id: $id) { budgetVoted budgetSpent } }"
    FollowupSettings.objects.create(
        organization=process.organization, step=realisation.step, budgets_public=False
    )

    [found] = data(Client(), LIST)["realisations"]["results"]
    one = data(Client(), budgets, {"id": realisation.pk})["realisation"]

    assert (found["title"], found["budgetVoted"], found["budgetSpent"]) == ("Un verger", None, None)
    assert one == {"budgetVoted": None, "budgetSpent": None}
    assert Realisation.objects.get().budget_spent == 12_000  # kept, only not published
