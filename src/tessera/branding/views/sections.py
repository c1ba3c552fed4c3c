"""The back office of the home page and the menus: add, edit with a preview, move, remove."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tessera.branding.forms import HomeSectionForm, MenuItemForm, SectionAddForm
from tessera.branding.home import section_renderer
from tessera.branding.menus import menu_targets
from tessera.branding.models import HomeSection, Menu, MenuItem
from tessera.branding.ordering import Direction
from tessera.branding.services import (
    home_section_add,
    home_section_delete,
    home_section_move,
    home_section_save,
    home_sections_ensure,
    menu_item_delete,
    menu_item_move,
    menu_item_save,
)
from tessera.branding.views.staff import (
    identity_staff,
    organization_of,
    remove_after_confirmation,
)
from tessera.core.images import reencode_image
from tessera.core.richtext import render_markdown


def _direction(request: HttpRequest) -> Direction:
    return "up" if request.POST.get("direction") == "up" else "down"


@identity_staff
@require_http_methods(["GET", "POST"])
def section_list(request: HttpRequest) -> HttpResponse:
    organization = organization_of(request)
    form = SectionAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        section = home_section_add(organization=organization, kind=form.cleaned_data["kind"])
        messages.success(request, _("The section is added at the end of the page: fill it in."))
        return redirect("branding:section_edit", pk=section.pk)
    sections = home_sections_ensure(organization=organization)
    return render(
        request,
        "branding/manage/sections.html",
        {"sections": sections, "form": form, "section": "home-page"},
        status=400 if form.errors else 200,
    )


@identity_staff
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save, or (with the preview button) show the section as visitors would, unsaved."""
    home_section = get_object_or_404(HomeSection, pk=pk)
    form = HomeSectionForm(request.POST or None, request.FILES or None, instance=home_section)
    preview = ""
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        if "preview" in request.POST:
            renderer = section_renderer(edited.kind)
            # An image chosen with the preview is only kept once saved: show the current one.
            if edited.image and hasattr(form.cleaned_data.get("image"), "content_type"):
                edited.image = HomeSection.objects.get(pk=pk).image
            edited.body_html = render_markdown(edited.body) if edited.body else ""
            preview = renderer(request, edited) if renderer is not None else ""
        else:
            image = form.cleaned_data.get("image")
            if image and hasattr(image, "content_type"):
                try:
                    edited.image = reencode_image(image, max_side=1600)
                except ValidationError as error:
                    form.add_error("image", error)
            if not form.errors:
                home_section_save(section=edited)
                messages.success(request, _("The section is saved: it is online."))
                return redirect("branding:sections")
    return render(
        request,
        "branding/manage/section_edit.html",
        {
            "form": form,
            "home_section": home_section,
            "preview": preview,
            "previewed": "preview" in request.POST,
            "section": "home-page",
        },
        status=400 if form.errors else 200,
    )


@identity_staff
@require_POST
def section_move(request: HttpRequest, pk: int) -> HttpResponse:
    home_section_move(section=get_object_or_404(HomeSection, pk=pk), direction=_direction(request))
    return redirect(f"{reverse('branding:sections')}#section-{pk}")


@identity_staff
@require_http_methods(["GET", "POST"])
def section_remove(request: HttpRequest, pk: int) -> HttpResponse:
    home_section = get_object_or_404(HomeSection, pk=pk)
    return remove_after_confirmation(
        request,
        name=str(home_section),
        remove=lambda: home_section_delete(section=home_section),
        done=_("The section is removed from the home page."),
        back="branding:sections",
    )


# --- Menus ---------------------------------------------------------------------------------------


@identity_staff
@require_http_methods(["GET", "POST"])
def menu_list(request: HttpRequest) -> HttpResponse:
    organization = organization_of(request)
    targets = menu_targets(organization)
    form = MenuItemForm(
        request.POST or None,
        instance=MenuItem(organization=organization),
        targets=targets,
        initial={"menu": request.GET.get("menu", Menu.HEADER)},
    )
    if request.method == "POST" and form.is_valid():
        menu_item_save(item=form.save(commit=False))
        messages.success(request, _("The link is added at the end of its menu."))
        return redirect("branding:menus")
    items = list(MenuItem.objects.select_related("page"))
    menus = [(label, [item for item in items if item.menu == key]) for key, label in Menu.choices]
    return render(
        request,
        "branding/manage/menus.html",
        {"menus": menus, "form": form, "section": "home-page"},
        status=400 if form.errors else 200,
    )


@identity_staff
@require_http_methods(["GET", "POST"])
def menu_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(MenuItem.objects.select_related("page"), pk=pk)
    form = MenuItemForm(
        request.POST or None, instance=item, targets=menu_targets(organization_of(request))
    )
    if request.method == "POST" and form.is_valid():
        menu_item_save(item=form.save(commit=False))
        messages.success(request, _("The link is saved: it is online."))
        return redirect("branding:menus")
    return render(
        request,
        "branding/manage/menu_edit.html",
        {"form": form, "item": item, "section": "home-page"},
        status=400 if form.errors else 200,
    )


@identity_staff
@require_POST
def menu_move(request: HttpRequest, pk: int) -> HttpResponse:
    menu_item_move(item=get_object_or_404(MenuItem, pk=pk), direction=_direction(request))
    return redirect(f"{reverse('branding:menus')}#menu-item-{pk}")


@identity_staff
@require_http_methods(["GET", "POST"])
def menu_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(MenuItem.objects.select_related("page"), pk=pk)
    return remove_after_confirmation(
        request,
        name=item.title,
        remove=lambda: menu_item_delete(item=item),
        done=_("The link is removed from the menu."),
        back="branding:menus",
    )
