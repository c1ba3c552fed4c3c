from __future__ import annotations

import mimetypes

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase

from tessera.core import renditions
from tessera.organizations import media as media_access
from tessera.organizations.selectors import current_organization

CACHE_CONTROL = {
    media_access.Access.PUBLIC: "public, max-age=86400",
    # Allowed for this visitor only (a hidden proposal's author, a restricted process's
    # participant): no proxy or shared cache may hand it to the next one.
    media_access.Access.PRIVATE: "private, no-cache",
}


def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serve an uploaded file only on its organisation's site, and only to who may read it.

    The check is always Django's; the bytes come from the web server (X-Accel-Redirect, when
    MEDIA_ACCEL_REDIRECT is set), or from the storage (local disk or S3-compatible object
    storage, shared by every app server).
    """
    organization = current_organization(request)
    name = organization and media_access.clean_name(path, organization.slug)
    if not name:
        raise Http404
    # A small copy is read by who may read its original, and made on its first request.
    found = renditions.original_of(name)
    granted = media_access.access(request, found[0] if found else name)
    if granted is media_access.Access.DENIED:
        raise Http404
    if found and not renditions.rendition_ensure(name):
        raise Http404
    response = _file_response(name)
    response["Cache-Control"] = CACHE_CONTROL[granted]
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _file_response(name: str) -> HttpResponseBase:
    accel_prefix = settings.MEDIA_ACCEL_REDIRECT
    if accel_prefix:
        # nginx serves the file from its `internal` location; Django has checked everything.
        response = HttpResponse()
        response["X-Accel-Redirect"] = f"{accel_prefix.rstrip('/')}/{name}"
        response["Content-Type"] = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return response
    try:
        return FileResponse(default_storage.open(name))
    except OSError as error:  # a name no file has
        raise Http404 from error
