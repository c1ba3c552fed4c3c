from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import Host, Organization
from tessera.organizations.services import hosts_cache_clear


class HostInline(admin.TabularInline[Host, Organization]):
    model = Host
    extra = 1


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    """Only the platform operator (a superuser) sees organisations: no rule grants it to others."""

    list_display = ["name", "slug", "primary_host", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "hosts__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [HostInline]

    @admin.display(description=_("primary host"))
    def primary_host(self, organization: Organization) -> str:
        return organization.primary_host

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organization]:
        return super().get_queryset(request).prefetch_related("hosts")

    def save_related(
        self, request: HttpRequest, form: Any, formsets: list[BaseInlineFormSet], change: bool
    ) -> None:
        hosts = Host.objects.filter(organization=form.instance)
        old_names = list(hosts.values_list("name", flat=True))
        super().save_related(request, form, formsets, change)
        # Renamed or removed hosts must stop answering at once, new ones start at once.
        hosts_cache_clear([*old_names, *hosts.values_list("name", flat=True)])


class OrganizationOwnedAdmin[M: Any](admin.ModelAdmin[M]):
    """The admin of an organisation-owned model.

    New rows, and new rows of its inlines, take the organisation of the site the staff member
    works on; the scoped managers already show only that organisation's rows.
    """

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.organization = request.organization  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for inline_form in formset.forms:
            instance = inline_form.instance
            if hasattr(instance, "organization_id") and instance.organization_id is None:
                instance.organization = request.organization  # type: ignore[attr-defined]
        super().save_formset(request, form, formset, change)
