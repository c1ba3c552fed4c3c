"""The proposal list of a collect step: filters, search, sort, pagination, bounded queries."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tessera.accounts.models import User
from tessera.contributions.services import reaction_set
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Step
from tessera.proposals.models import ProposalImage
from tessera.proposals.services import search_vector_refresh
from tessera.proposals.views.lists import SEED_COOKIE
from tests.factories import ThemeFactory
from tests.proposals.conftest import url
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

CARD_TITLE = re.compile(r'class="card-title"><a href="[^"]+">([^<]+)</a>')


def titles(client: Client, address: str) -> list[str]:
    return CARD_TITLE.findall(client.get(address).content.decode())


def test_the_step_page_is_the_list_of_its_proposals(
    client: Client, step: Step, theme: Theme
) -> None:
    ProposalFactory(step=step, theme=theme, title="Un composteur partagé")
    ProposalFactory(step=step, theme=theme, title="Retirée par son autrice", status="withdrawn")
    page = client.get(step.get_absolute_url()).content.decode()
    assert "Un composteur partagé" in page
    assert "Retirée par son autrice" not in page
    assert "1 proposition" in page


def test_the_list_filters_by_theme_district_and_status(
    client: Client, step: Step, theme: Theme, district: District, organization: Organization
) -> None:
    sport = ThemeFactory(organization=organization, name="Sport", slug="sport")
    ProposalFactory(step=step, theme=theme, district=district, title="Jardin de la gare")
    ProposalFactory(step=step, theme=sport, title="Terrain de basket", status="eligible")
    base = url(step)
    assert titles(client, base + "?theme=sport") == ["Terrain de basket"]
    assert titles(client, base + "?district=la-gare") == ["Jardin de la gare"]
    assert titles(client, base + "?status=eligible") == ["Terrain de basket"]
    response = client.get(base + "?theme=nowhere")
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_the_search_finds_words_of_the_title_and_description(
    client: Client, step: Step, theme: Theme
) -> None:
    ProposalFactory(step=step, theme=theme, title="Des arbres rue Pasteur")
    ProposalFactory(
        step=step, theme=theme, title="Un kiosque", description="Un kiosque à musique au parc."
    )
    search_vector_refresh()
    assert titles(client, url(step) + "?q=arbres") == ["Des arbres rue Pasteur"]
    assert titles(client, url(step) + "?q=musique") == ["Un kiosque"]
    assert titles(client, url(step) + "?q=piscine") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="French stemming needs PostgreSQL")
def test_on_postgresql_the_search_understands_french_word_forms(
    client: Client, step: Step, theme: Theme
) -> None:
    ProposalFactory(step=step, theme=theme, title="Des jardins partagés", description="Cultiver.")
    ProposalFactory(step=step, theme=theme, title="Un kiosque", description="Musique au parc.")
    search_vector_refresh()
    assert titles(client, url(step) + "?q=jardin partagé") == ["Des jardins partagés"]
    assert titles(client, url(step) + "?q=musiques") == ["Un kiosque"]
    assert titles(client, url(step) + "?q=jardin OR kiosque&sort=recent") == [
        "Un kiosque",
        "Des jardins partagés",
    ]


def test_sorts_by_date_comments_and_supports(
    client: Client, step: Step, theme: Theme, resident: User
) -> None:
    first = ProposalFactory(
        step=step, theme=theme, title="Première", contribution__comments_count=1
    )
    ProposalFactory(step=step, theme=theme, title="Deuxième", contribution__comments_count=7)
    reaction_set(contribution=first.contribution, user=resident, value="positive")
    assert titles(client, url(step) + "?sort=recent") == ["Deuxième", "Première"]
    assert titles(client, url(step) + "?sort=comments") == ["Deuxième", "Première"]
    assert titles(client, url(step) + "?sort=supports") == ["Première", "Deuxième"]


def test_the_random_order_is_stable_for_a_visitor_and_differs_between_visitors(
    step: Step, theme: Theme
) -> None:
    for index in range(20):
        ProposalFactory(step=step, theme=theme, title=f"Proposition {index:02d}")
    visitor = Client()
    order = titles(visitor, url(step) + "?sort=random")
    assert len(order) == 20
    assert titles(visitor, url(step)) == order  # random is the default
    others = {tuple(titles(Client(), url(step))) for _ in range(4)}
    assert any(other != tuple(order) for other in others)
    assert all(sorted(other) == sorted(order) for other in others)


def test_the_list_paginates_and_counts(client: Client, step: Step, theme: Theme) -> None:
    for _ in range(30):
        ProposalFactory(step=step, theme=theme)
    first = client.get(url(step) + "?sort=recent").content.decode()
    second = titles(client, url(step) + "?sort=recent&page=2")
    assert "30 propositions" in first
    assert len(CARD_TITLE.findall(first)) == 24
    assert len(second) == 6
    assert "Page 1 sur 2" in first


def add_proposals(step: Step, theme: Theme, district: District, count: int) -> None:
    for index in range(count):
        proposal = ProposalFactory(step=step, theme=theme, district=district if index % 2 else None)
        ProposalImage.objects.create(
            organization=step.organization, proposal=proposal, image="x/image.jpg"
        )


def queries_for(client: Client, address: str) -> int:
    client.get(address)  # warm the caches (organisation, site settings) as in production
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("query", ["", "?sort=supports", "?q=proposition&theme=nature"])
def test_the_query_count_does_not_grow_with_the_number_of_proposals(
    client: Client, step: Step, theme: Theme, district: District, resident: User, query: str
) -> None:
    client.force_login(resident)
    add_proposals(step, theme, district, 3)
    search_vector_refresh()
    few = queries_for(client, url(step) + query)
    add_proposals(step, theme, district, 60)
    search_vector_refresh()
    many = queries_for(client, url(step) + query)
    assert many == few
    assert many <= 20


def test_an_anonymous_first_visit_writes_no_session_and_keeps_its_order_in_a_signed_cookie(
    step: Step, theme: Theme
) -> None:
    for index in range(20):
        ProposalFactory(step=step, theme=theme, title=f"Proposition {index:02d}")
    visitor = Client()
    order = titles(visitor, url(step))
    assert not Session.objects.exists()
    cookie = visitor.cookies[SEED_COOKIE].value
    assert ":" in cookie  # signed
    assert titles(visitor, url(step) + "?page=1") == order
    assert not Session.objects.exists()
    forger = Client()
    forger.cookies[SEED_COOKIE] = "12345"  # unsigned: ignored, a new seed is drawn
    forger.get(url(step))
    assert forger.cookies[SEED_COOKIE].value != "12345"
