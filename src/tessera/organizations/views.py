from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.static import serve

from tessera.organizations.selectors import current_organization


def media(request: HttpRequest, path: str) -> HttpResponse | FileResponse:
    """Serve an uploaded file only on the site of the organisation that owns it.

    Files are stored under the organisation's slug (see the models' upload_to), so another
    organisation's host cannot reach them even with the exact path.
    """
    organization = current_organization(request)
    if organization is None or not path.startswith(f"{organization.slug}/"):
        raise Http404
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
