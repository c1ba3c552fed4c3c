"""Who is asking: the client's address behind our own reverse proxies."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address of the client, trusting only the last TRUSTED_PROXY_COUNT hops.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with
    N proxies of ours in front, the client is the N-th entry from the end; what comes before
    it was written by the client and is ignored (anyone can send the header). With no proxy
    (0), REMOTE_ADDR. A header shorter than the configured chain, or an entry that is not an
    address, falls back to REMOTE_ADDR: one shared bucket rather than a spoofable one.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def rate_key_ip(request: HttpRequest) -> str:
    """The client's address as a rate-limit bucket: an IPv6 client owns a whole /64."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address
