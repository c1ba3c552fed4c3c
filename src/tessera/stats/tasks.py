"""The figures' refresh as a background task: asked by a page that found none stored yet."""

from __future__ import annotations

from django.tasks import task
from django_scopes import scopes_disabled

from tessera.organizations.models import Organization
from tessera.stats.stored import figures_refresh


@task()
def figures_refresh_task(*, organization_id: int) -> int:
    with scopes_disabled():
        organization = Organization.objects.get(pk=organization_id)
    return figures_refresh(organization=organization)
