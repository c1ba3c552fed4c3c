from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tessera.branding.selectors import site_settings_for
from tessera.organizations.selectors import current_organization


def site(request: HttpRequest) -> dict[str, Any]:
    """`branding`: the organisation's identity for every template (name, logo, colours).

    Not named `site`: allauth puts Django's RequestSite under that name on its pages.
    """
    organization = current_organization(request)
    if organization is None:
        return {}
    return {"branding": site_settings_for(organization), "organization": organization}
