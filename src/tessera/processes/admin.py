from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import BaseInlineFormSet
from django.http import HttpRequest

from tessera.organizations.admin import OrganizationOwnedAdmin
from tessera.organizations.models import District, Theme
from tessera.processes.forms import ProcessAdminForm, StepAdminForm
from tessera.processes.models import Process, Step
from tessera.processes.services import process_save, steps_check_no_overlap, timeline_save


class StepFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        steps = [
            form.instance
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.instance.starts_at
            and form.instance.ends_at
        ]
        steps_check_no_overlap(steps)


class StepInline(admin.StackedInline[Step, Process]):
    model = Step
    form = StepAdminForm
    formset = StepFormSet
    extra = 0
    ordering = ["starts_at"]


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin[Process]):
    form = ProcessAdminForm
    list_display = ["title", "visibility", "is_published", "starts_at", "ends_at"]
    list_filter = ["is_published", "visibility", "themes", "districts"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "districts", "allowed_users"]
    inlines = [StepInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "is_published"]}),
        ("", {"fields": ["cover", "cover_alt", "themes", "districts"]}),
        ("", {"fields": ["visibility", "allowed_users"]}),
    ]

    def save_model(self, request: HttpRequest, obj: Process, form: Any, change: bool) -> None:
        if not change:
            obj.organization = request.organization  # type: ignore[attr-defined]
        process_save(process=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        steps = formset.save(commit=False)
        timeline_save(process=form.instance, saved=steps, deleted=formset.deleted_objects)


@admin.register(Theme, District)
class TaxonomyAdmin(OrganizationOwnedAdmin[Any]):
    list_display = ["name", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
