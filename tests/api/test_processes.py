"""The processes of the GraphQL API: the public list and its filters, one process by its slug,
what stays out (drafts, restricted, unlisted on lists, another organisation), query counts."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.organizations.models import Organization
from tessera.processes.models import Process, Visibility
from tests.api.conftest import data, errors, queries_of
from tests.factories import DistrictFactory, ProcessFactory, StepFactory, ThemeFactory
from tests.processes.helpers import process_in

pytestmark = pytest.mark.django_db

LIST = """
query List($status: ProcessStatus, $theme: String, $district: String, $limit: Int) {
  processes(status: $status, theme: $theme, district: $district,
            pagination: {limit: $limit}) {
    totalCount
    pageInfo { offset limit }
    results {
      slug title summary descriptionHtml status listed url startsAt endsAt
      themes { slug name }
      districts { slug name }
      steps { id kind title descriptionHtml startsAt endsAt phase url }
    }
  }
}
"""

ONE = """
query One($slug: String!) {
  process(slug: $slug) { slug title listed status steps { kind phase process { slug } } }
}
"""


def slugs(client: Client, **variables: object) -> list[str]:
    page = data(client, LIST, variables)["processes"]
    return [process["slug"] for process in page["results"]]


def test_it_lists_the_public_processes_with_their_timeline(organization: Organization) -> None:
    theme = ThemeFactory(organization=organization, slug="nature", name="Nature")
    district = DistrictFactory(organization=organization, slug="gare", name="La Gare")
    process = process_in(organization, "open", slug="budget", title="Budget 2026")
    process.themes.add(theme)
    process.districts.add(district)

    page = data(Client(), LIST)["processes"]

    assert page["totalCount"] == 1
    assert page["pageInfo"] == {"offset": 0, "limit": 20}
    [listed] = page["results"]
    assert listed["slug"] == "budget"
    assert listed["status"] == "OPEN"
    assert listed["listed"] is True
    assert listed["url"] == "http://testserver/processes/budget/"
    assert listed["descriptionHtml"] == "<p>Une <strong>description</strong>.</p>"
    assert listed["themes"] == [{"slug": "nature", "name": "Nature"}]
    assert listed["districts"] == [{"slug": "gare", "name": "La Gare"}]
    [step] = listed["steps"]
    assert step["kind"] == "presentation"
    assert step["phase"] == "CURRENT"
    assert step["url"] == f"http://testserver/processes/budget/steps/{step['id']}/"


def test_drafts_restricted_and_unlisted_processes_stay_off_the_list(
    organization: Organization,
) -> None:
    ProcessFactory(organization=organization, slug="public")
    ProcessFactory(organization=organization, slug="draft", is_published=False)
    ProcessFactory(organization=organization, slug="restricted", visibility=Visibility.RESTRICTED)
    ProcessFactory(organization=organization, slug="unlisted", visibility=Visibility.UNLISTED)

    assert slugs(Client()) == ["public"]


def test_it_filters_by_status_theme_and_district(organization: Organization) -> None:
    theme = ThemeFactory(organization=organization, slug="nature")
    district = DistrictFactory(organization=organization, slug="gare")
    open_one = process_in(organization, "open", slug="open-one")
    process_in(organization, "upcoming", slug="upcoming-one")
    closed_one = process_in(organization, "closed", slug="closed-one")
    open_one.themes.add(theme)
    closed_one.districts.add(district)
    client = Client()

    assert slugs(client, status="OPEN") == ["open-one"]
    assert slugs(client, status="UPCOMING") == ["upcoming-one"]
    assert slugs(client, status="CLOSED") == ["closed-one"]
    assert slugs(client, theme="nature") == ["open-one"]
    assert slugs(client, district="gare") == ["closed-one"]
    assert slugs(client, theme="unknown") == []


def test_it_refuses_an_unknown_status(organization: Organization) -> None:
    [message] = errors(Client(), LIST, {"status": "SOON"})

    assert "SOON" in message


def test_it_pages_through_the_list_and_refuses_a_page_over_100(
    organization: Organization,
) -> None:
    for _index in range(3):
        ProcessFactory(organization=organization)
    client = Client()

    first = data(client, "{ processes(pagination: {limit: 2}) { totalCount results { slug } } }")
    second = data(client, "{ processes(pagination: {offset: 2, limit: 2}) { results { slug } } }")
    assert first["processes"]["totalCount"] == 3
    assert len(first["processes"]["results"]) == 2
    assert len(second["processes"]["results"]) == 1
    assert errors(client, LIST, {"limit": 101}) == [
        "The page size (limit) must be between 1 and 100."
    ]
    assert errors(client, LIST, {"limit": 0}) == [
        "The page size (limit) must be between 1 and 100."
    ]
    assert errors(client, "{ processes(pagination: {offset: -1}) { totalCount } }") == [
        "The offset cannot be negative."
    ]


def test_a_process_is_found_by_its_slug_even_unlisted(organization: Organization) -> None:
    process = ProcessFactory(organization=organization, slug="unlisted")
    process.visibility = Visibility.UNLISTED
    process.save()
    StepFactory(process=process)

    found = data(Client(), ONE, {"slug": "unlisted"})["process"]

    assert found["listed"] is False
    assert found["steps"][0]["process"] == {"slug": "unlisted"}


@pytest.mark.parametrize(
    "fields",
    [{"is_published": False}, {"visibility": Visibility.RESTRICTED}],
    ids=["draft", "restricted"],
)
def test_a_draft_or_restricted_process_is_null(
    organization: Organization, fields: dict[str, object]
) -> None:
    ProcessFactory(organization=organization, slug="hidden", **fields)

    assert data(Client(), ONE, {"slug": "hidden"}) == {"process": None}


def test_an_unknown_slug_is_null(organization: Organization) -> None:
    assert data(Client(), ONE, {"slug": "nowhere"}) == {"process": None}


def test_another_organisation_never_sees_these_processes(
    organization: Organization, other_organization: Organization, other_client: Client
) -> None:
    ProcessFactory(organization=organization, slug="ours")
    ThemeFactory(organization=organization, slug="our-theme")
    DistrictFactory(organization=organization, slug="our-district")
    ProcessFactory(organization=other_organization, slug="theirs")

    assert slugs(other_client) == ["theirs"]
    assert data(other_client, ONE, {"slug": "ours"}) == {"process": None}
    assert data(other_client, "{ themes { slug } districts { slug } }") == {
        "themes": [],
        "districts": [],
    }
    assert slugs(Client()) == ["ours"]


def test_it_lists_the_organisations_themes_and_districts(organization: Organization) -> None:
    ThemeFactory(organization=organization, slug="nature", name="Nature", position=1)
    ThemeFactory(organization=organization, slug="culture", name="Culture", position=0)
    DistrictFactory(organization=organization, slug="gare", name="La Gare")

    assert data(Client(), "{ themes { slug name } districts { slug } }") == {
        "themes": [{"slug": "culture", "name": "Culture"}, {"slug": "nature", "name": "Nature"}],
        "districts": [{"slug": "gare"}],
    }


def _processes(organization: Organization, count: int) -> list[Process]:
    theme = ThemeFactory(organization=organization)
    district = DistrictFactory(organization=organization)
    processes = []
    for _index in range(count):
        process = ProcessFactory(organization=organization)
        process.themes.add(theme)
        process.districts.add(district)
        StepFactory(process=process)
        processes.append(process)
    return processes


def test_the_list_runs_the_same_queries_for_3_or_30_processes(
    organization: Organization,
) -> None:
    client = Client()
    _processes(organization, 3)
    few = queries_of(client, LIST, {"limit": 100})
    _processes(organization, 27)
    many = queries_of(client, LIST, {"limit": 100})

    assert few == many
    # The count, the processes, then one each for themes, districts and steps.
    assert many == 5
