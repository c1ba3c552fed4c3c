"""Writes on organisations: creation by the platform operator and host changes."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

from tessera.organizations.models import Host, Organization
from tessera.organizations.selectors import host_cache_key, normalize_host


def organization_create(*, name: str, slug: str, hosts: Iterable[str]) -> Organization:
    """Create an organisation answering on the given hosts; the first one is primary."""
    host_names = [normalize_host(host) for host in hosts]
    with transaction.atomic():
        organization = Organization.objects.create(name=name, slug=slug)
        for index, host_name in enumerate(host_names):
            Host.objects.create(organization=organization, name=host_name, is_primary=index == 0)
    # The hosts may have been cached as unknown (a visit before the creation).
    hosts_cache_clear(host_names)
    return organization


def hosts_cache_clear(host_names: Iterable[str]) -> None:
    """Forget cached host → organisation answers, after any change of hosts or organisations."""
    cache.delete_many([host_cache_key(normalize_host(name)) for name in host_names])


def organization_hosts_cache_clear(organization: Organization) -> None:
    hosts_cache_clear(organization.hosts.values_list("name", flat=True))
