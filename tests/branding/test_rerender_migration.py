"""Pages stored before the heading fix are rendered again by the data migration."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from tessera.branding.models import ContentPage
from tessera.organizations.models import Organization

migration = importlib.import_module("tessera.branding.migrations.0003_rerender_headings")


@pytest.mark.django_db
def test_a_stored_page_that_skipped_heading_levels_is_rendered_again(
    organization: Organization,
) -> None:
    page = ContentPage.objects.create(
        organization=organization,
        title="Questions fréquentes",
        slug="faq",
        kind="faq",
        body="### Qui peut participer ?\n\nTout le monde.",
        body_html="<h3>Qui peut participer ?</h3>\n<p>Tout le monde.</p>",
    )
    migration.rerender(apps, None)
    page.refresh_from_db()
    assert page.body_html.startswith("<h2>Qui peut participer ?</h2>")
