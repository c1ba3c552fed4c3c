"""Reads of the organisation a request belongs to."""

from __future__ import annotations

from django.core.cache import cache

from tessera.organizations.models import Host, Organization

HOST_CACHE_SECONDS = 300
_UNKNOWN = "unknown"


def host_cache_key(host_name: str) -> str:
    return f"organizations:host:{host_name}"


def normalize_host(host_name: str) -> str:
    """Lower-case, without the port and the trailing dot of a fully-qualified name."""
    host_name = host_name.strip().lower()
    if host_name.startswith("["):  # IPv6 literal, maybe with a port after "]"
        return host_name[: host_name.find("]") + 1]
    return host_name.rsplit(":", 1)[0].rstrip(".")


def organization_for_host(host_name: str) -> Organization | None:
    """The active organisation answering on this host name.

    Cached (the organisation itself, not only its id) so that resolving the tenant costs no
    query on a warm request; organizations.services clears the entry on every change.
    """
    key = host_cache_key(normalize_host(host_name))
    cached = cache.get(key)
    if cached == _UNKNOWN:
        return None
    if isinstance(cached, Organization):
        return cached
    host = (
        Host.objects.filter(name=normalize_host(host_name), organization__is_active=True)
        .select_related("organization")
        .first()
    )
    organization = host.organization if host else None
    cache.set(key, organization or _UNKNOWN, HOST_CACHE_SECONDS)
    return organization


def current_organization(request: object) -> Organization | None:
    """The organisation the organisation middleware resolved for this request, if any."""
    return getattr(request, "organization", None)
