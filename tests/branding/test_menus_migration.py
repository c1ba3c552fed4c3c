"""Pages shown in the header or footer become menu links, in their order, and come back."""

from __future__ import annotations

import pytest
from django.db.migrations.executor import MigrationExecutor

from tessera.organizations.models import Organization
from tests.migrations import executor, migrate

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["executor"]

BEFORE = [("branding", "0006_color_roles")]
AFTER = [("branding", "0007_menus_and_sections")]


def test_pages_placed_in_a_menu_become_its_links_and_back(
    executor: MigrationExecutor, organization: Organization
) -> None:
    old = migrate(executor, BEFORE)
    Page = old.get_model("branding", "ContentPage")
    for slug, placement, position in (
        ("faq", "header", 0),
        ("donnees", "footer", 2),
        ("mentions", "footer", 1),
        ("cachee", "none", 0),
    ):
        Page._base_manager.create(
            organization_id=organization.pk, title=slug, slug=slug, kind="other",
            body="x", placement=placement, position=position,
        )  # fmt: skip

    new = migrate(executor, AFTER)
    MenuItem = new.get_model("branding", "MenuItem")
    links = MenuItem._base_manager.order_by("menu", "position")
    assert [(link.menu, link.page.slug) for link in links] == [
        ("footer", "mentions"),
        ("footer", "donnees"),
        ("header", "faq"),
    ]

    old = migrate(executor, BEFORE)
    Page = old.get_model("branding", "ContentPage")
    placed = dict(Page._base_manager.values_list("slug", "placement"))
    assert placed == {"faq": "header", "donnees": "footer", "mentions": "footer", "cachee": "none"}
