"""Public pages run a number of SQL queries that does not grow with the number of processes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tessera.organizations.models import Organization
from tests.factories import DistrictFactory, ThemeFactory
from tests.processes.helpers import process_in

pytestmark = pytest.mark.django_db


def add_processes(organization: Organization, count: int) -> None:
    themes = [ThemeFactory(organization=organization) for _ in range(3)]
    districts = [DistrictFactory(organization=organization) for _ in range(3)]
    for index in range(count):
        process = process_in(organization, ("open", "upcoming", "closed")[index % 3])
        process.themes.set(themes)
        process.districts.set(districts)


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # warm the caches (organisation, site settings) as in production
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/", "/processes/", "/processes/?status=open"])
def test_the_query_count_does_not_grow_with_the_number_of_processes(
    client: Client, organization: Organization, url: str
) -> None:
    add_processes(organization, 3)
    few = queries_for(client, url)
    add_processes(organization, 30)
    many = queries_for(client, url)
    assert many == few
    assert many <= 10


def test_the_process_page_query_count_does_not_grow_with_its_steps(
    client: Client, organization: Organization
) -> None:
    process = process_in(organization, "open", slug="budget")
    few = queries_for(client, "/processes/budget/")
    themes = [ThemeFactory(organization=organization) for _ in range(10)]
    process.themes.set(themes)
    many = queries_for(client, "/processes/budget/")
    assert many == few <= 6
