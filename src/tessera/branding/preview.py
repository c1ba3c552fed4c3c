"""Preview: a staff member sees the draft identity on the real pages; nobody else does.

The switch is a flag in that staff member's own session, and it is honoured only while they
may still change the identity: a resident has neither, so never sees a draft, and turning the
flag on in someone's session is no use without the permission.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tessera.branding.models import IdentityVersion
from tessera.branding.selectors import identity_draft_for
from tessera.organizations.models import Organization

PREVIEW_SESSION_KEY = "branding_preview"


def preview_identity(request: HttpRequest, organization: Organization) -> IdentityVersion | None:
    """The draft this request should show instead of the published identity, if any."""
    session: Any = getattr(request, "session", None)
    if session is None or not session.get(PREVIEW_SESSION_KEY):
        return None  # no query for everyone else: the flag is checked first
    if not request.user.has_perm("branding.manage_identity", organization):
        return None
    return identity_draft_for(organization, request.user)


def preview_set(request: HttpRequest, *, enabled: bool) -> None:
    if enabled:
        request.session[PREVIEW_SESSION_KEY] = True
    else:
        request.session.pop(PREVIEW_SESSION_KEY, None)
