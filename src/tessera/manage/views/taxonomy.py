"""Themes and districts (/manage/themes-and-districts/): list, add, edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tessera.accounts.requests import require
from tessera.manage.taxonomy import KINDS, ORDER, PERMISSION, form_class, taxonomy_save


def _page(request: HttpRequest, forms: dict[str, Any], status: int = 200) -> HttpResponse:
    lists = {
        kind: (
            model.objects.order_by(*ORDER[kind]),
            forms.get(kind) or form_class(kind)(prefix=kind),
        )
        for kind, model in KINDS.items()
        if request.user.has_perm(PERMISSION[kind])
    }
    return render(
        request, "manage/taxonomy.html", {"lists": lists, "section": "taxonomy"}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def taxonomy(request: HttpRequest) -> HttpResponse:
    require(request, "organizations.change_theme")
    if request.method == "GET":
        return _page(request, {})
    kind = request.POST.get("kind", "")
    if kind not in KINDS:
        raise Http404
    require(request, PERMISSION[kind])
    form = form_class(kind)(request.POST, prefix=kind)
    if not form.is_valid():
        return _page(request, {kind: form}, status=400)
    item = taxonomy_save(item=form.save(commit=False), organization=request.organization)  # type: ignore[attr-defined]
    messages.success(request, _("“%(name)s” is added.") % {"name": item.name})
    return redirect("manage:taxonomy")


@login_required
@require_http_methods(["GET", "POST"])
def taxonomy_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    require(request, PERMISSION[kind])
    item = get_object_or_404(KINDS[kind], pk=pk)
    form = form_class(kind)(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        taxonomy_save(item=form.save(commit=False), organization=request.organization)  # type: ignore[attr-defined]
        messages.success(request, _("“%(name)s” is saved.") % {"name": item})
        return redirect("manage:taxonomy")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "manage/taxonomy_edit.html",
        {"form": form, "item": item, "section": "taxonomy"},
        status=status,
    )
