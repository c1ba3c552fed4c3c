from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse

from tessera.branding import fonts
from tessera.branding.preview import preview_identity
from tessera.branding.selectors import layout_for
from tessera.organizations.selectors import current_organization


def site(request: HttpRequest) -> dict[str, Any]:
    """`branding`: the organisation's identity for every template, and its menus.

    The published identity comes from the cache; a staff member who turned the preview on sees
    the draft instead (see branding/preview.py). Not named `site`: allauth puts Django's
    RequestSite under that name on its pages.
    """
    organization = current_organization(request)
    if organization is None:
        return {}
    published, links = layout_for(organization)
    draft = preview_identity(request, organization)
    identity = draft or published
    if draft is not None:
        token = f"preview={int(draft.updated_at.timestamp())}"
    else:
        token = f"v={published.version}"
    # The served fonts' @font-face rules: static files, so their URLs follow each deployment.
    stylesheets = {
        fonts.preset(key).stylesheet for key in (identity.title_font, identity.body_font)
    }
    header = [link for link in links if link.menu == "header"]
    footer = [link for link in links if link.menu == "footer"]
    return {
        # What the layout's cached parts depend on besides the language and the visitor
        # (templates/base.html): the organisation, its identity's version and its menus.
        "layout_key": hash((organization.pk, token, identity.site_name, tuple(links))),
        # The page's own address only where a menu link points to it (aria-current).
        "layout_current": request.path if any(link.url == request.path for link in links) else "",
        "branding": identity,
        "branding_preview": draft is not None,
        "branding_theme_url": f"{reverse('branding:theme')}?{token}",
        "branding_font_stylesheets": [static(name) for name in sorted(stylesheets) if name],
        "branding_custom_css_url": (
            f"{reverse('branding:custom_css')}?{token}" if identity.custom_css else ""
        ),
        "header_links": header,
        "footer_links": footer,
        "organization": organization,
    }
