"""Public views of branding: the theme style sheets, identity files, content pages, sign-up."""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tessera.branding.fonts import CONTENT_TYPES
from tessera.branding.forms import NewsletterForm
from tessera.branding.models import IdentityFields, SectionKind
from tessera.branding.preview import preview_identity
from tessera.branding.selectors import home_sections_for, published_page_for, site_settings_for
from tessera.branding.services_content import newsletter_subscribe
from tessera.branding.theme import theme_css
from tessera.branding.video import video_embed
from tessera.organizations.models import Organization

A_YEAR = 365 * 24 * 3600
CSS_CACHE_SECONDS = 3600
FILE_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    **CONTENT_TYPES,
}
# An SVG opened on its own may not run anything nor load anything.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def _organization(request: HttpRequest) -> Organization:
    return request.organization  # type: ignore[attr-defined]


def _identity_for_css(request: HttpRequest) -> tuple[IdentityFields, bool]:
    """The draft when this staff member previews it (asked with ?preview=), else published."""
    organization = _organization(request)
    if "preview" in request.GET:
        draft = preview_identity(request, organization)
        if draft is not None:
            return draft, True
    return site_settings_for(organization), False


def _css_response(css: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    # The URL carries the version (?v=), so a published sheet never changes under its URL.
    response["Cache-Control"] = "private, no-store" if private else f"public, max-age={A_YEAR}"
    return response


@require_GET
def theme(request: HttpRequest) -> HttpResponse:
    identity, is_preview = _identity_for_css(request)
    if is_preview:
        return _css_response(theme_css(identity), private=True)
    assert hasattr(identity, "version")
    key = f"branding:theme:{_organization(request).pk}:{identity.version}"
    css = cache.get(key)
    if css is None:
        css = theme_css(identity)
        cache.set(key, css, CSS_CACHE_SECONDS)
    return _css_response(css, private=False)


@require_GET
def custom_css(request: HttpRequest) -> HttpResponse:
    identity, is_preview = _identity_for_css(request)
    return _css_response(identity.custom_css, private=is_preview)


@require_GET
def branding_file(request: HttpRequest, name: str) -> HttpResponse:
    """A logo, favicon, sharing image, section image or font of this organisation."""
    organization = _organization(request)
    folder, _slash, filename = name.rpartition("/")
    extension = filename.rsplit(".", 1)[-1].lower()
    if (
        folder != f"{organization.slug}/branding"
        or posixpath.normpath(name) != name
        or extension not in FILE_TYPES
        or not default_storage.exists(name)
    ):
        raise Http404
    with default_storage.open(name) as stored:
        response = HttpResponse(stored.read(), content_type=FILE_TYPES[extension])
    response["Cache-Control"] = f"public, max-age={A_YEAR}, immutable"
    if extension == "svg":
        response["Content-Security-Policy"] = SVG_POLICY
    return response


@require_GET
def favicon_ico(request: HttpRequest) -> HttpResponse:
    """Browsers ask /favicon.ico on their own: send them to the organisation's, if it has one."""
    url = site_settings_for(_organization(request)).favicon_url(32)
    if not url:
        raise Http404
    return HttpResponseRedirect(url)


def page(request: HttpRequest, slug: str) -> HttpResponse:
    content_page = published_page_for(_organization(request), slug)
    if content_page is None:
        raise Http404
    return render(request, "branding/page.html", {"page": content_page})


@require_GET
def video(request: HttpRequest, pk: int) -> HttpResponse:
    """The player of a video section, reached only when the visitor asks for it: its host
    learns of the visit from here on, not from the home page."""
    section = next(
        (
            section
            for section in home_sections_for(_organization(request))
            if section.pk == pk and section.kind == SectionKind.VIDEO
        ),
        None,
    )
    embed = video_embed(section.video_url) if section is not None else None
    if section is None or embed is None:
        raise Http404
    response = render(request, "branding/video.html", {"section": section, "embed": embed})
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(embed.player_url))
    # Only this page may show a frame, and only the video host's.
    response._csp_config = {**settings.SECURE_CSP, "frame-src": [origin]}  # type: ignore[attr-defined]
    return response


@require_POST
def newsletter(request: HttpRequest) -> HttpResponse:
    form = NewsletterForm(request.POST)
    if form.is_valid():
        newsletter_subscribe(
            organization=_organization(request),
            email=form.cleaned_data["email"],
            language=get_language() or "fr",
        )
        messages.success(request, _("Thank you: you will receive the newsletter."))
        return redirect("home")
    return render(request, "branding/newsletter.html", {"form": form}, status=400)
