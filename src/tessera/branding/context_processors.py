from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tessera.branding.selectors import site_settings_for
from tessera.organizations.selectors import current_organization


def site(request: HttpRequest) -> dict[str, Any]:
    """`site`: the organisation's identity for every template (name, logo, colours)."""
    organization = current_organization(request)
    if organization is None:
        return {}
    return {"site": site_settings_for(organization), "organization": organization}
