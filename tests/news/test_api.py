"""News in the public GraphQL API: published posts only, one query per page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tessera.organizations.models import Organization
from tessera.processes.models import Process, Visibility
from tests.api.conftest import graphql
from tests.factories import ProcessFactory
from tests.news.conftest import make_post

pytestmark = pytest.mark.django_db

LIST = """query ($process: String, $siteOnly: Boolean) {
  news(process: $process, siteOnly: $siteOnly) {
    totalCount results { title bodyHtml imageUrl imageAlt url process { slug } }
  }
}"""


def titles(body: dict) -> list[str]:  # type: ignore[type-arg]
    return [post["title"] for post in body["data"]["news"]["results"]]


def test_the_api_lists_published_news_only(
    client: Client, organization: Organization, budget: Process
) -> None:
    make_post(organization, process=budget, title="Du budget", days_ago=2)
    make_post(organization, title="Du site", days_ago=1, image=True)
    make_post(organization, title="Brouillon", published=False)
    make_post(organization, title="Plus tard", days_ago=-1)
    hidden = ProcessFactory(organization=organization, visibility=Visibility.RESTRICTED)
    make_post(organization, process=hidden, title="Réservée")
    body = graphql(client, LIST)
    assert titles(body) == ["Du site", "Du budget"]
    site = body["data"]["news"]["results"][0]
    assert site["process"] is None
    assert site["imageUrl"].startswith("http://testserver/media/ville-de-test/news/")
    assert titles(graphql(client, LIST, {"process": "budget"})) == ["Du budget"]
    assert titles(graphql(client, LIST, {"siteOnly": True})) == ["Du site"]
    refused = graphql(client, LIST, {"process": "inconnue"})
    assert refused["errors"][0]["message"] == "No public process with this slug."


def test_one_post_by_id_and_never_a_draft(client: Client, organization: Organization) -> None:
    published = make_post(organization, title="Publiée")
    draft = make_post(organization, title="Brouillon", published=False)
    query = "query ($id: ID!) { newsPost(id: $id) { title } }"
    assert graphql(client, query, {"id": published.pk})["data"]["newsPost"] == {"title": "Publiée"}
    assert graphql(client, query, {"id": draft.pk})["data"]["newsPost"] is None
    assert graphql(client, query, {"id": "x"})["data"]["newsPost"] is None


def test_a_page_of_news_costs_the_same_queries_for_2_or_20_posts(
    client: Client, organization: Organization, budget: Process
) -> None:
    for number in range(2):
        make_post(organization, process=budget, title=f"A{number}")
    graphql(client, LIST)  # the site's host, cached from then on
    with CaptureQueriesContext(connection) as few:
        graphql(client, LIST)
    for number in range(18):
        process = ProcessFactory(organization=organization)
        make_post(organization, process=process, title=f"B{number}")
    with CaptureQueriesContext(connection) as many:
        body = graphql(client, LIST)
    assert body["data"]["news"]["totalCount"] == 20
    assert len(many) == len(few) == 2  # the count, the posts with their process (docs/api.md)


def test_another_organisation_s_api_does_not_see_our_news(
    organization: Organization, other_organization: Organization, other_client: Client
) -> None:
    make_post(organization, title="À nous")
    assert titles(graphql(other_client, LIST)) == []
