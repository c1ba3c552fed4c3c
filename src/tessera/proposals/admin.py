from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from tessera.accounts.models import User
from tessera.organizations.admin import OrganizationOwnedAdmin
from tessera.proposals.models import CollectSettings, Proposal, ProposalStatusChange
from tessera.proposals.services import (
    EDITABLE_FIELDS,
    proposal_update,
)
from tessera.proposals.signals import proposal_changing


class ProposalAdminForm(forms.ModelForm[Proposal]):
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.errors or not self.changed_data:
            return
        # The apps above (the vote freezes the cost once ballots are cast) refuse here, with
        # their reason beside the form, rather than by an error page when the row is saved.
        try:
            proposal_changing.send(Proposal, proposal=self.instance, changed=self.changed_data)
        except ValidationError as error:
            self.add_error(None, error)


@admin.register(CollectSettings)
class CollectSettingsAdmin(OrganizationOwnedAdmin[CollectSettings]):
    list_display = [
        "step",
        "accepts_associations",
        "cost_mode",
        "address_mode",
        "images_enabled",
        "attachments_enabled",
        "supports_enabled",
    ]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        step_field = form.base_fields.get("step")
        if step_field is not None:
            step_field.queryset = step_field.queryset.filter(kind="collect")  # type: ignore[attr-defined]
        return form


class StatusChangeInline(admin.TabularInline[ProposalStatusChange, Proposal]):
    model = ProposalStatusChange
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "changed_by", "public_answer"]
    readonly_fields = ["created_at", "from_status", "to_status", "changed_by", "public_answer"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(OrganizationOwnedAdmin[Proposal]):
    form = ProposalAdminForm
    list_display = ["title", "step", "status", "theme", "district", "supports_count", "hidden"]
    list_filter = ["status", "contribution__state", "theme", "district"]
    search_fields = ["title"]
    list_select_related = ["contribution", "step", "theme", "district"]
    # Hiding and showing again is the moderation queue's (/manage/moderation/), with its reason.
    readonly_fields = [
        "status",
        "author",
        "hidden",
        "hidden_reason",
        "supports_count",
        "comments_count",
        "created_at",
    ]
    fields = [
        "title",
        "status",
        "author",
        "on_behalf_of",
        "description",
        "theme",
        "district",
        "estimated_cost",
        "address",
        "latitude",
        "longitude",
        "hidden",
        "hidden_reason",
        "supports_count",
        "comments_count",
        "created_at",
    ]
    inlines = [StatusChangeInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # residents submit on the site; staff edit what exists

    def save_model(self, request: HttpRequest, obj: Proposal, form: Any, change: bool) -> None:
        # Through the services, so that staff edits land in the revision history too.
        editor = request.user
        assert isinstance(editor, User)
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS
        }
        proposal_update(proposal=obj, editor=editor, changes=changes)
