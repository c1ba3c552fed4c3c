"""The site settings of the request's organisation, without a query per request."""

from __future__ import annotations

from django.core.cache import cache

from tessera.branding.models import SiteSettings
from tessera.organizations.models import Organization

SETTINGS_CACHE_SECONDS = 3600


def site_settings_cache_key(organization_id: int) -> str:
    return f"branding:settings:{organization_id}"


def site_settings_for(organization: Organization) -> SiteSettings:
    key = site_settings_cache_key(organization.pk)
    settings = cache.get(key)
    if settings is None:
        settings, _created = SiteSettings.objects.get_or_create(
            organization=organization, defaults={"site_name": organization.name}
        )
        cache.set(key, settings, SETTINGS_CACHE_SECONDS)
    return settings


def site_settings_forget(organization_id: int) -> None:
    cache.delete(site_settings_cache_key(organization_id))
