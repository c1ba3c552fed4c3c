"""The public news pages, the process page and the home page, through HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tessera.branding.models import HomeSection, SectionKind
from tessera.news import services
from tessera.news.selectors import published
from tessera.organizations.models import Organization
from tessera.processes.models import Process, Visibility
from tests.factories import ProcessFactory
from tests.news.conftest import make_post

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_posts_only(
    client: Client, organization: Organization, budget: Process
) -> None:
    make_post(organization, process=budget, title="Publiée")
    make_post(organization, title="Brouillon", published=False)
    scheduled = make_post(organization, title="Programmée", days_ago=-3)
    assert scheduled.state().value == "scheduled"
    body = client.get("/news/").content.decode()
    assert "Publiée" in body
    assert "Brouillon" not in body
    assert "Programmée" not in body


def test_a_draft_or_scheduled_post_is_not_found_by_the_public(
    client: Client, organization: Organization
) -> None:
    draft = make_post(organization, published=False)
    scheduled = make_post(organization, title="Plus tard", days_ago=-1)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_the_detail_page_carries_its_share_metadata(
    client: Client, organization: Organization, budget: Process
) -> None:
    post = make_post(organization, process=budget)
    body = client.get(post.get_absolute_url()).content.decode()
    assert '<meta property="og:type" content="article">' in body
    assert f'<meta property="og:title" content="{post.title}">' in body
    assert f"http://testserver{post.get_absolute_url()}" in body
    assert "<strong>à toutes et à tous</strong>" in body


def test_the_body_is_sanitised(client: Client, organization: Organization) -> None:
    post = services.post_save(
        organization=organization,
        author=None,
        process=None,
        title="Piège",
        body='Bonjour <script>alert(1)</script><a href="javascript:alert(2)">lien</a>',
    )
    services.post_publish(post=post)
    body = client.get(post.get_absolute_url()).content.decode()
    assert "alert(1)" not in body
    assert "javascript:" not in body


def test_the_list_filters_by_process_and_refuses_an_unknown_one(
    client: Client, organization: Organization, budget: Process
) -> None:
    other = ProcessFactory(organization=organization, title="Autre", slug="autre")
    make_post(organization, process=budget, title="Du budget")
    make_post(organization, process=other, title="De l’autre")
    body = client.get("/news/?process=budget").content.decode()
    assert "Du budget" in body
    assert "De l’autre" not in body
    response = client.get("/news/?process=inconnue")
    assert response.status_code == 400
    assert "Du budget" not in response.content.decode()


def test_a_restricted_process_news_is_neither_listed_nor_shown(
    client: Client, organization: Organization
) -> None:
    hidden = ProcessFactory(organization=organization, visibility=Visibility.RESTRICTED)
    post = make_post(organization, process=hidden, title="Réservée")
    assert "Réservée" not in client.get("/news/").content.decode()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_the_list_runs_the_same_queries_whatever_the_number_of_posts(
    client: Client, organization: Organization, budget: Process
) -> None:
    make_post(organization, process=budget)
    client.get("/news/")  # warm the layout's caches
    with CaptureQueriesContext(connection) as few:
        assert client.get("/news/").status_code == 200
    for number in range(11):
        other = ProcessFactory(organization=organization)
        make_post(organization, process=other if number % 2 else None, title=f"N{number}")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/news/").status_code == 200
    assert len(many) == len(few)


def test_the_process_page_shows_its_latest_news(
    client: Client, organization: Organization, budget: Process
) -> None:
    make_post(organization, process=budget, title="Actualité du budget")
    make_post(organization, title="Actualité du site")
    body = client.get(budget.get_absolute_url()).content.decode()
    assert "Actualité du budget" in body
    assert "Actualité du site" not in body


def test_the_home_page_news_section_shows_the_latest_posts(
    client: Client, organization: Organization, budget: Process
) -> None:
    HomeSection.objects.create(organization=organization, kind=SectionKind.NEWS, position=0)
    assert 'id="news-title"' not in client.get("/").content.decode()  # nothing yet: hidden
    make_post(organization, title="Nouveau site")
    make_post(organization, process=budget, title="Ateliers du budget")
    body = client.get("/").content.decode()
    assert "Nouveau site" in body
    assert "Ateliers du budget" in body


def test_the_published_selector_agrees_with_the_rule(organization: Organization) -> None:
    now = timezone.now()
    posts = [
        make_post(organization, title="a"),
        make_post(organization, title="b", published=False),
        make_post(organization, title="c", days_ago=-2),
    ]
    listed = set(published(now).values_list("pk", flat=True))
    assert {p.pk for p in posts if p.state(now + timedelta(seconds=1)).value == "published"} == (
        listed
    )
