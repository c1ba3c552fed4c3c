"""The identity, menus, sections and redirects cost no query on a warm page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tessera.accounts.models import User
from tessera.branding.models import (
    ContentPage,
    HomeSection,
    Menu,
    MenuItem,
    Redirect,
    SectionKind,
)
from tessera.branding.services import home_section_save, menu_item_save
from tessera.branding.services_content import content_page_save, redirect_save
from tessera.organizations.models import Organization
from tests.branding.helpers import logged_in

pytestmark = pytest.mark.django_db


def queries_for(client: Client, url: str, status: int = 200) -> list[str]:
    client.get(url)  # warm the caches, as in production
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == status
    return [query["sql"] for query in context.captured_queries]


def furnish(organization: Organization, count: int, start: int = 0) -> None:
    for index in range(start, start + count):
        redirect_save(
            redirect=Redirect(
                organization=organization, path=f"/court-{index}", target="/processes/"
            )
        )
        page = content_page_save(
            page=ContentPage(
                organization=organization,
                title=f"Page {index}",
                slug=f"page-{index}",
                kind="other",
                body="Du **texte**.",
            )
        )
        menu = Menu.FOOTER if index % 2 else Menu.HEADER
        menu_item_save(item=MenuItem(organization=organization, menu=menu, page=page))
        menu_item_save(
            item=MenuItem(organization=organization, menu=menu, url=f"https://example.org/{index}")
        )


@pytest.mark.parametrize("url", ["/", "/processes/", "/pages/page-1/"])
def test_a_page_runs_no_more_queries_with_redirects_pages_and_sections(
    client: Client, organization: Organization, url: str
) -> None:
    furnish(organization, 2)
    few = queries_for(client, url)
    furnish(organization, 30, start=2)
    many = queries_for(client, url)
    assert len(many) == len(few)


def test_the_branding_reads_nothing_from_the_database_on_a_warm_page(
    client: Client, organization: Organization
) -> None:
    furnish(organization, 6)
    for position, kind in enumerate([SectionKind.HERO, SectionKind.TEXT, SectionKind.PROCESSES]):
        home_section_save(
            section=HomeSection(
                organization=organization, kind=kind, position=position, body="Bonjour"
            )
        )
    queries = queries_for(client, "/")
    branding_tables = ("branding_", "organizations_host")
    assert not [sql for sql in queries if any(table in sql for table in branding_tables)]


def test_an_unknown_path_costs_only_its_log_entry(
    client: Client, organization: Organization
) -> None:
    furnish(organization, 20)
    queries = queries_for(client, "/nulle-part", status=404)
    assert len([sql for sql in queries if "branding_redirect" in sql]) == 0
    assert all("branding_notfoundhit" in sql for sql in queries)


def test_a_redirect_costs_one_update(client: Client, organization: Organization) -> None:
    furnish(organization, 20)
    queries = queries_for(client, "/court-3", status=301)
    assert len(queries) == 1
    assert queries[0].startswith("UPDATE")


def test_a_change_of_redirects_is_seen_at_once(client: Client, organization: Organization) -> None:
    client.get("/nouveau")  # the (empty) redirects are cached
    redirect_save(
        redirect=Redirect(organization=organization, path="/nouveau", target="/processes/")
    )
    assert client.get("/nouveau").status_code == 301


def test_the_staff_page_count_is_bounded_too(admin: User, organization: Organization) -> None:
    furnish(organization, 5)
    client = logged_in(admin)
    assert len(queries_for(client, "/")) <= 12
