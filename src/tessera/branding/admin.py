"""The platform operator's view of fonts and newsletter sign-ups.

Staff edit the identity, home sections, menus, content pages and redirects in the back office
(/site/manage/, branding/views/); nothing of that is edited here, so that every write goes
through the services that refresh the caches.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from tessera.branding.models import Font, NewsletterSubscription


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
