from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tessera.accounts.models import Service, User
from tessera.organizations.admin import OrganizationOwnedAdmin


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    """The organisation's accounts; the scoped manager shows only this organisation's."""

    list_display = ["display_name", "email", "role", "email_verified", "is_active", "date_joined"]
    list_filter = ["role", "email_verified", "is_active", "services"]
    search_fields = ["display_name", "email"]
    ordering = ["-date_joined"]
    fieldsets = [
        (None, {"fields": ["display_name", "email", "is_active"]}),
        (_("Role"), {"fields": ["role"]}),
        (_("Profile"), {"fields": ["postal_code", "district", "year_of_birth", "language"]}),
        (
            _("Dates"),
            {"fields": ["date_joined", "last_login", "terms_accepted_at", "email_verified"]},
        ),
    ]
    readonly_fields = ["date_joined", "last_login", "terms_accepted_at", "email_verified"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).filter(deleted_at__isnull=True)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Accounts are created by sign-up (with verification), never typed in by staff.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ServiceMemberInline(admin.TabularInline[Any, Service]):
    model = Service.members.through
    extra = 1
    verbose_name = _("analyst")
    verbose_name_plural = _("analysts")
    autocomplete_fields = ["user"]


@admin.register(Service)
class ServiceAdmin(OrganizationOwnedAdmin[Service]):
    list_display = ["name"]
    search_fields = ["name"]
    exclude = ["members"]
    inlines = [ServiceMemberInline]
