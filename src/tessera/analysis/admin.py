from __future__ import annotations

from django.contrib import admin

from tessera.analysis.models import IneligibilityReason
from tessera.organizations.admin import OrganizationOwnedAdmin


@admin.register(IneligibilityReason)
class IneligibilityReasonAdmin(OrganizationOwnedAdmin[IneligibilityReason]):
    """Each process's list of reasons analysts choose from (process managers keep it)."""

    list_display = ("label", "process", "position")
    list_filter = ("process",)
    list_editable = ("position",)
    ordering = ("process", "position", "label")
