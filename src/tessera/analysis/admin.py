from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tessera.analysis.models import IneligibilityReason


@admin.register(IneligibilityReason)
class IneligibilityReasonAdmin(admin.ModelAdmin[IneligibilityReason]):
    """Each process's list of reasons analysts choose from (process managers keep it)."""

    list_display = ("label", "process", "position")
    list_filter = ("process",)
    list_editable = ("position",)
    ordering = ("process", "position", "label")

    def save_model(
        self, request: HttpRequest, obj: IneligibilityReason, form: Any, change: bool
    ) -> None:
        if not change:
            obj.organization = request.organization  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)
