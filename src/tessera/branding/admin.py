from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tessera.branding.models import SiteSettings
from tessera.branding.selectors import site_settings_forget
from tessera.core.images import reencode_image


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin[SiteSettings]):
    list_display = ["site_name", "primary_color"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: SiteSettings, form: Any, change: bool) -> None:
        logo = form.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):
            obj.logo = reencode_image(logo, max_side=800)
        super().save_model(request, obj, form, change)
        site_settings_forget(obj.organization_id)
