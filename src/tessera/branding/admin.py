"""Back office of the site's content: pages, home sections, redirects, fonts, sign-ups.

The identity itself (name, pictures, colours, fonts) is edited in its own views, with a draft
and a preview (branding/views/staff.py); every write here goes through a service so that the
caches are refreshed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from tessera.branding.forms import ContentPageForm, HomeSectionForm, RedirectForm
from tessera.branding.models import (
    ContentPage,
    Font,
    HomeSection,
    NewsletterSubscription,
    Redirect,
)
from tessera.branding.services import branding_cache_forget, home_section_save
from tessera.branding.services_content import (
    content_page_delete,
    content_page_save,
    redirect_delete,
    redirect_save,
    redirect_validate,
)
from tessera.core.images import reencode_image
from tessera.organizations.models import Organization


def _organization(request: HttpRequest) -> Organization:
    return request.organization  # type: ignore[attr-defined]


class OrganizationAdmin(admin.ModelAdmin[Any]):
    """New rows belong to the request's organisation (the scoped managers filter the rest)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.organization = _organization(request)
        self.save_with_service(obj)

    def save_with_service(self, obj: Any) -> None:
        obj.save()


@admin.register(ContentPage)
class ContentPageAdmin(OrganizationAdmin):
    form = ContentPageForm
    list_display = ["title", "kind", "placement", "position", "is_published"]
    list_editable = ["placement", "position", "is_published"]
    list_filter = ["kind", "placement", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]

    def save_with_service(self, obj: Any) -> None:
        content_page_save(page=obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        content_page_delete(page=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for page in queryset:
            content_page_delete(page=page)


@admin.register(HomeSection)
class HomeSectionAdmin(OrganizationAdmin):
    form = HomeSectionForm
    list_display = ["__str__", "kind", "position", "is_enabled"]
    list_editable = ["position", "is_enabled"]
    list_display_links = ["__str__"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        image = form.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):
            obj.image = reencode_image(image, max_side=1600)
        super().save_model(request, obj, form, change)

    def save_with_service(self, obj: Any) -> None:
        home_section_save(section=obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        branding_cache_forget(obj.organization_id, "sections")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        branding_cache_forget(_organization(request).pk, "sections")


class RedirectAdminForm(RedirectForm):
    organization: Organization | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.organization is not None and cleaned.get("path") and cleaned.get("target"):
            try:
                cleaned["path"] = redirect_validate(
                    organization=self.organization,
                    path=cleaned["path"],
                    target=cleaned["target"],
                    pk=self.instance.pk,
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Redirect)
class RedirectAdmin(OrganizationAdmin):
    list_display = ["path", "target", "is_permanent", "hits", "last_hit_at"]
    list_filter = ["is_permanent"]
    search_fields = ["path", "target"]
    readonly_fields = ["hits", "last_hit_at"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        kwargs["form"] = type(
            "RedirectAdminForm",
            (RedirectAdminForm,),
            {"organization": _organization(request)},
        )
        return super().get_form(request, obj, change, **kwargs)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        # "Create a redirect" from the 404 list arrives with ?path=/old-address.
        return {"path": request.GET.get("path", ""), "target": request.GET.get("target", "")}

    def save_with_service(self, obj: Any) -> None:
        redirect_save(redirect=obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        redirect_delete(redirect=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for redirect in queryset:
            redirect_delete(redirect=redirect)


@admin.register(Font)
class FontAdmin(admin.ModelAdmin[Font]):
    """Fonts are uploaded from the identity page (checked there); here they are listed."""

    list_display = ["family", "format", "created_at"]
    fields = ["family", "format", "created_at"]
    readonly_fields = ["format", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(NewsletterSubscription)
class NewsletterSubscriptionAdmin(admin.ModelAdmin[NewsletterSubscription]):
    list_display = ["email", "consented_at", "language"]
    search_fields = ["email"]
    readonly_fields = ["email", "consented_at", "language"]
    date_hierarchy = "consented_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
