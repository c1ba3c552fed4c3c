"""The identity editor: draft, preview on the real pages, publication, history; fonts; 404s."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tessera.branding.forms import FontForm, IdentityForm, NotFoundRedirectForm
from tessera.branding.identity_changes import identity_changes
from tessera.branding.models import Font, IdentityState, IdentityVersion
from tessera.branding.preview import PREVIEW_SESSION_KEY, preview_set
from tessera.branding.selectors import (
    identity_draft_for,
    identity_history_for,
    not_found_paths,
    site_settings_for,
)
from tessera.branding.services import (
    IdentityConflict,
    font_create,
    identity_draft_get_or_create,
    identity_draft_save,
    identity_publish,
    identity_restore,
)
from tessera.branding.services_content import not_found_purge, redirect_from_not_found
from tessera.organizations.models import Organization

View = Callable[..., HttpResponse]


def organization_of(request: HttpRequest) -> Organization:
    return request.organization  # type: ignore[attr-defined]


def identity_staff(view: View) -> View:
    """Administrators of this organisation only; anonymous visitors are asked to log in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("branding.manage_identity", organization_of(request)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def remove_after_confirmation(
    request: HttpRequest, *, name: str, remove: Callable[[], None], done: str, back: str
) -> HttpResponse:
    """GET asks before a section, link, page or redirect is removed; the POST of that page
    removes it and goes back to the list named `back`."""
    if request.method == "POST":
        remove()
        messages.success(request, done)
        return redirect(back)
    return render(
        request,
        "branding/manage/remove.html",
        {"name": name, "back": reverse(back), "section": "home-page"},
    )


@identity_staff
@require_http_methods(["GET", "POST"])
def identity(request: HttpRequest) -> HttpResponse:
    organization = organization_of(request)
    draft = identity_draft_get_or_create(organization=organization, user=request.user)
    form = IdentityForm(request.POST or None, request.FILES or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        draft = form.save(commit=False)
        if form.cleaned_data["logo_remove"]:
            draft.logo.name = ""
        try:
            identity_draft_save(
                draft=draft,
                user=request.user,
                logo=form.cleaned_data["logo_upload"],
                favicon=form.cleaned_data["favicon_upload"],
                social_image=form.cleaned_data["social_image_upload"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The draft is saved. Preview it, then publish it."))
            return redirect("branding:identity")
    return _identity_page(request, form, status=400 if form.errors else 200)


def _identity_page(
    request: HttpRequest, form: IdentityForm, *, status: int = 200, conflict: bool = False
) -> HttpResponse:
    """The editor: this administrator's draft, what it changes, the history, the fonts."""
    organization = organization_of(request)
    draft, published = form.instance, site_settings_for(organization)
    return render(
        request,
        "branding/staff/identity.html",
        {
            "form": form,
            "draft": draft,
            "published": published,
            # Measured against the saved draft: what publishing it would change.
            "changes": identity_changes(
                published, identity_draft_for(organization, request.user) or draft
            ),
            "outdated": draft.based_on != published.version,
            "conflict": conflict,
            "previewing": bool(request.session.get(PREVIEW_SESSION_KEY)),
            "history": identity_history_for(organization)[:10],
            "font_form": FontForm(),
            "fonts": Font.objects.all(),
        },
        status=status,
    )


def attach_errors(form: Any, error: ValidationError) -> None:
    """Errors of the service (pictures, contrast) shown on the matching fields."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        upload_fields = ("logo_upload", "favicon_upload", "social_image_upload")
        upload = next((name for name in upload_fields if form.cleaned_data.get(name)), None)
        form.add_error(upload, error)


@identity_staff
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    enabled = request.POST.get("enabled") == "1"
    preview_set(request, enabled=enabled)
    if enabled:
        messages.info(request, _("Preview on: you see the draft on every page; nobody else does."))
        return redirect("home")
    messages.info(request, _("Preview off: you see the published identity again."))
    return redirect("branding:identity")


@identity_staff
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    organization = organization_of(request)
    draft = identity_draft_for(organization, request.user)
    if draft is None:
        messages.error(request, _("There is no draft to publish."))
        return redirect("branding:identity")
    try:
        identity_publish(
            organization=organization,
            user=request.user,
            overwrite=request.POST.get("overwrite") == "1",
        )
    except IdentityConflict:
        # Nothing is published; the administrator sees what they would replace and decides.
        return _identity_page(request, IdentityForm(instance=draft), status=409, conflict=True)
    except ValidationError:
        messages.error(request, _("The draft's colours are not readable enough: fix them first."))
        return redirect("branding:identity")
    preview_set(request, enabled=False)
    messages.success(request, _("The new identity is online for every visitor."))
    return redirect("branding:identity")


@identity_staff
@require_POST
def restore(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_object_or_404(IdentityVersion, pk=version_id, state=IdentityState.ARCHIVED)
    identity_restore(version=version, user=request.user)
    messages.success(request, _("The previous identity is online again."))
    return redirect("branding:identity")


@identity_staff
@require_POST
def font_upload(request: HttpRequest) -> HttpResponse:
    form = FontForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            font = font_create(
                organization=organization_of(request),
                upload=form.cleaned_data["file"],
                family=form.cleaned_data["family"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request, _("The font “%(name)s” is ready to be chosen.") % {"name": font.family}
            )
            return redirect("branding:identity")
    return render(request, "branding/staff/font_upload.html", {"font_form": form}, status=400)


@identity_staff
@require_http_methods(["GET", "POST"])
def not_found(request: HttpRequest) -> HttpResponse:
    """The paths that answered 404 lately, each with a form to redirect it in one action."""
    organization = organization_of(request)
    failed: NotFoundRedirectForm | None = None
    if request.method == "POST":
        form = NotFoundRedirectForm(request.POST)
        if form.is_valid():
            try:
                redirect_from_not_found(
                    organization=organization,
                    path=form.cleaned_data["path"],
                    target=form.cleaned_data["target"],
                    is_permanent=form.cleaned_data["is_permanent"],
                )
            except ValidationError as error:
                for item in error.error_dict.get("target", []) + error.error_dict.get("path", []):
                    form.add_error("target", item)
            else:
                messages.success(
                    request,
                    _("%(path)s now leads to %(target)s.")
                    % {"path": form.cleaned_data["path"], "target": form.cleaned_data["target"]},
                )
                return redirect("branding:not_found")
        failed = form
    else:
        not_found_purge(organization=organization)
    rows = list(not_found_paths(organization)[:100])
    for row in rows:
        if failed is not None and failed.data.get("path") == row["path"]:
            row["form"] = failed
        else:
            row["form"] = NotFoundRedirectForm(initial={"path": row["path"]})
    return render(
        request,
        "branding/staff/not_found.html",
        {"rows": rows},
        status=400 if failed is not None else 200,
    )
