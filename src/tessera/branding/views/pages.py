"""The back office of content pages, short URLs and redirects, and newsletter sign-ups."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tessera.branding.forms import ContentPageForm, RedirectForm
from tessera.branding.models import ContentPage, NewsletterSubscription, Redirect
from tessera.branding.services_content import (
    content_page_delete,
    content_page_save,
    redirect_delete,
    redirect_save,
)
from tessera.branding.views.staff import (
    attach_errors,
    identity_staff,
    organization_of,
    remove_after_confirmation,
)
from tessera.core.richtext import render_markdown


@identity_staff
@require_GET
def page_list(request: HttpRequest) -> HttpResponse:
    pages = ContentPage.objects.prefetch_related("menu_items")
    return render(request, "branding/manage/pages.html", {"pages": pages, "section": "home-page"})


@identity_staff
@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add (no pk) or change a page; "preview" shows the text as it will read, unsaved."""
    page = (
        get_object_or_404(ContentPage, pk=pk)
        if pk is not None
        else ContentPage(organization=organization_of(request))
    )
    form = ContentPageForm(request.POST or None, instance=page)
    previewed = False
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        if "preview" in request.POST:
            edited.body_html = render_markdown(edited.body)
            previewed = True
        else:
            content_page_save(page=edited)
            messages.success(request, _("The page is saved."))
            return redirect("branding:pages")
    return render(
        request,
        "branding/manage/page_edit.html",
        {"form": form, "page": page, "previewed": previewed, "section": "home-page"},
        status=400 if form.errors else 200,
    )


@identity_staff
@require_http_methods(["GET", "POST"])
def page_remove(request: HttpRequest, pk: int) -> HttpResponse:
    page = get_object_or_404(ContentPage, pk=pk)
    return remove_after_confirmation(
        request,
        name=page.title,
        remove=lambda: content_page_delete(page=page),
        done=_("The page is removed, with its menu links."),
        back="branding:pages",
    )


@identity_staff
@require_GET
def redirect_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "branding/manage/redirects.html",
        {"redirects": Redirect.objects.all(), "section": "home-page"},
    )


@identity_staff
@require_http_methods(["GET", "POST"])
def redirect_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    existing = (
        get_object_or_404(Redirect, pk=pk)
        if pk is not None
        else Redirect(organization=organization_of(request))
    )
    form = RedirectForm(
        request.POST or None,
        instance=existing,
        # "Redirect this address" from elsewhere arrives with ?path=/old-address.
        initial={"path": request.GET.get("path", "")} if pk is None else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = redirect_save(redirect=form.save(commit=False))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _("%(path)s now leads to %(target)s.")
                % {"path": saved.path, "target": saved.target},
            )
            return redirect("branding:redirects")
    return render(
        request,
        "branding/manage/redirect_edit.html",
        {"form": form, "redirect": existing, "section": "home-page"},
        status=400 if form.errors else 200,
    )


@identity_staff
@require_http_methods(["GET", "POST"])
def redirect_remove(request: HttpRequest, pk: int) -> HttpResponse:
    existing = get_object_or_404(Redirect, pk=pk)
    return remove_after_confirmation(
        request,
        name=str(existing),
        remove=lambda: redirect_delete(redirect=existing),
        done=_("The redirect is removed."),
        back="branding:redirects",
    )


@identity_staff
@require_GET
def newsletter_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "branding/manage/newsletter.html",
        {"subscriptions": NewsletterSubscription.objects.all()[:500], "section": "home-page"},
    )
