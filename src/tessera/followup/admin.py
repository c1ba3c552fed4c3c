"""The Django admin of the follow-up: a place to look, and to correct what the back office
cannot (a news text). Realisations change in /manage/realisations/, where each change is
recorded in their history; here their tracked fields are read-only for that reason."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tessera.core.richtext import render_markdown
from tessera.followup.models import NewsPost, Realisation, RealisationUpdate
from tessera.followup.services import TRACKED_FIELDS
from tessera.organizations.admin import OrganizationOwnedAdmin


class RealisationUpdateInline(admin.TabularInline[RealisationUpdate, Realisation]):
    model = RealisationUpdate
    extra = 0
    can_delete = False
    fields = ["created_at", "author", "changes"]
    readonly_fields = ["created_at", "author", "changes"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Realisation)
class RealisationAdmin(OrganizationOwnedAdmin[Realisation]):
    list_display = ["title", "process", "status", "progress", "service", "district", "updated_at"]
    list_filter = ["status", "process", "service", "district", "theme"]
    search_fields = ["title", "proposal__title"]
    list_select_related = ["process", "service", "district"]
    readonly_fields = ["proposal", "process", "step", *TRACKED_FIELDS, "created_at", "updated_at"]
    inlines = [RealisationUpdateInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Realisations come from the winners (services.realisations_create), never by hand.
        return False


@admin.register(NewsPost)
class NewsPostAdmin(OrganizationOwnedAdmin[NewsPost]):
    list_display = ["title", "realisation", "published_at", "author"]
    list_filter = ["realisation__process"]
    search_fields = ["title", "realisation__title"]
    list_select_related = ["realisation", "author"]
    fields = ["realisation", "title", "body", "image", "image_alt", "published_at", "author"]
    readonly_fields = ["realisation", "image", "author"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # News is published from the back office, which re-encodes its image.
        return False

    def save_model(self, request: HttpRequest, obj: NewsPost, form: Any, change: bool) -> None:
        obj.body_html = render_markdown(obj.body)
        super().save_model(request, obj, form, change)
