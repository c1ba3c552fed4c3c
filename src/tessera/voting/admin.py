"""Vote steps in the back office: settings (with district envelopes and theme quotas),
ballots (read only, without their content: the ballot is secret), codes, results, and the
audit trail of staff actions (read only).

Settings the vote or the count cannot work with are refused with a message, and nothing is
stored: `VoteSettings.clean()`, the inlines' `clean()`, and here what needs both the
settings and their district envelopes (voting.settings_rules). Once voting has started, what
gives a ballot its meaning is frozen here as in the back office's form, and the settings are
saved, audited, through the same service (voting.services.settings)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tessera.organizations.admin import OrganizationOwnedAdmin
from tessera.voting import settings_rules
from tessera.voting.models import (
    AuditEntry,
    Ballot,
    DistrictBudget,
    PollingStation,
    ResidenceCheck,
    Results,
    ThemeQuota,
    VoteSettings,
    VotingCode,
)
from tessera.voting.rules import manages
from tessera.voting.services.settings import QuotaValues, frozen_changes, vote_settings_save
from tessera.voting.settings_form import voting_district_names
from tessera.voting.views.common import vote_url


class DistrictBudgetFormSet(BaseInlineFormSet):
    """The district envelopes against the settings being saved with them (`self.instance`
    holds the submitted values): a budget ballot per district needs an envelope for each
    district without a global one, and none below the minimum spend."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        settings = self.instance
        budgets = {
            str(form.cleaned_data["district"]): form.cleaned_data["budget"]
            for form in self.forms
            if form.cleaned_data.get("district") and not form.cleaned_data.get("DELETE")
        }
        problems = settings_rules.envelope_problems(
            settings_rules.SettingsValues.of(settings),
            district_budgets=budgets,
            districts=voting_district_names(settings.step, settings.scope)
            if settings.step_id is not None
            else [],
        )
        if problems:
            raise ValidationError(problems)
        if settings.step_id is not None:
            frozen = frozen_changes(settings.step, district_budgets=envelopes_of(self))
            if frozen:
                raise ValidationError(frozen["district_budgets"][0], code="frozen")


class ThemeQuotaFormSet(BaseInlineFormSet):
    """Theme quotas are frozen once voting has started, as in the back office's form."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or self.instance.step_id is None:
            return
        frozen = frozen_changes(self.instance.step, quotas=quotas_of(self))
        if frozen:
            raise ValidationError(frozen["quotas"][0], code="frozen")


def _kept(formset: BaseInlineFormSet, key: str) -> list[dict[str, Any]]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data.get(key) and not form.cleaned_data.get("DELETE")
    ]


def envelopes_of(formset: BaseInlineFormSet) -> dict[int, int]:
    return {data["district"].pk: data["budget"] for data in _kept(formset, "district")}


def quotas_of(formset: BaseInlineFormSet) -> list[QuotaValues]:
    return [
        QuotaValues(
            data["theme"].pk,
            data.get("min_choices"),
            data.get("max_choices"),
            data.get("min_amount"),
            data.get("max_amount"),
        )
        for data in _kept(formset, "theme")
    ]


class VoteSettingsAdminForm(forms.ModelForm[VoteSettings]):
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # the instance now holds the values
        if self.errors or self.instance.step_id is None:
            return
        for field, messages in frozen_changes(self.instance.step, settings=self.instance).items():
            error = ValidationError(messages[0], code="frozen")
            self.add_error(field if field in self.fields else None, error)


class DistrictBudgetInline(admin.TabularInline[DistrictBudget, VoteSettings]):
    model = DistrictBudget
    formset = DistrictBudgetFormSet
    extra = 0
    fields = ["district", "budget"]


class ThemeQuotaInline(admin.TabularInline[ThemeQuota, VoteSettings]):
    model = ThemeQuota
    formset = ThemeQuotaFormSet
    extra = 0
    fields = ["theme", "min_choices", "max_choices", "min_amount", "max_amount"]


@admin.register(VoteSettings)
class VoteSettingsAdmin(OrganizationOwnedAdmin[VoteSettings]):
    form = VoteSettingsAdminForm
    list_display = ["step", "kind", "scope", "tally_rule", "manage_link"]
    list_select_related = ["step__process"]
    inlines = [DistrictBudgetInline, ThemeQuotaInline]
    fieldsets = [
        (None, {"fields": ["step", "kind"]}),
        (
            _("Limits of the ballot"),
            {
                "fields": [
                    "min_choices",
                    "max_choices",
                    "budget",
                    "min_spend",
                    "min_spend_percent",
                    "points",
                    "max_points_per_proposal",
                ]
            },
        ),
        (_("Scope"), {"fields": ["scope"]}),
        (
            _("Who may vote"),
            {
                "fields": [
                    "min_age",
                    "residence_required",
                    "residence_proof",
                    "districts_several",
                    "census_required",
                ]
            },
        ),
        (_("During the vote"), {"fields": ["ballot_changeable", "counts_visible"]}),
        (_("Count"), {"fields": ["tally_rule", "tally_threshold"]}),
    ]

    @admin.display(description=_("vote page"))
    def manage_link(self, obj: VoteSettings) -> str:
        return format_html('<a href="{}">{}</a>', vote_url(obj.step, name="manage"), _("manage"))

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        step_field = form.base_fields.get("step")
        if step_field is not None:
            step_field.queryset = step_field.queryset.filter(kind="vote")  # type: ignore[attr-defined]
        return form

    def save_model(self, request: HttpRequest, obj: VoteSettings, form: Any, change: bool) -> None:
        """Saved with its envelopes and quotas in `save_related`, through the service."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        by_model = {formset.model: formset for formset in formsets}
        vote_settings_save(
            settings=form.instance,
            district_budgets=envelopes_of(by_model[DistrictBudget]),
            quotas=quotas_of(by_model[ThemeQuota]),
            changed_by=request.user,  # type: ignore[arg-type]
        )
        for formset in formsets:  # read by the admin's change message
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class ReadOnlyAdmin[M: Any](admin.ModelAdmin[M]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin[Ballot]):
    list_display = ["pk", "step", "district", "channel"]
    list_filter = ["channel", "district"]
    list_select_related = ["step", "district"]
    fields = ["step", "district", "channel"]


@admin.register(ResidenceCheck)
class ResidenceCheckAdmin(OrganizationOwnedAdmin[ResidenceCheck]):
    """Staff record where a resident lives, from a proof of address they saw (for votes whose
    residence is checked by staff)."""

    list_display = ["user", "district", "checked_by", "checked_at"]
    list_select_related = ["user", "district", "checked_by"]
    autocomplete_fields = ["user"]
    fields = ["user", "district"]

    def save_model(
        self, request: HttpRequest, obj: ResidenceCheck, form: Any, change: bool
    ) -> None:
        obj.checked_by = request.user  # type: ignore[assignment]
        obj.checked_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(VotingCode)
class VotingCodeAdmin(ReadOnlyAdmin[VotingCode]):
    list_display = ["serial", "step", "created_at", "used_at"]
    list_filter = ["step"]
    fields = ["serial", "step", "created_at", "used_at"]


@admin.register(PollingStation)
class PollingStationAdmin(OrganizationOwnedAdmin[PollingStation]):
    list_display = ["name", "step", "district", "ballots_count"]
    fields = ["step", "name", "district", "ballots_count"]


@admin.register(Results)
class ResultsAdmin(ReadOnlyAdmin[Results]):
    list_display = ["step", "rule", "published_at", "published_by"]
    fields = ["step", "rule", "threshold", "tie_break", "published_at", "published_by", "winners"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin[AuditEntry]):
    """The staff actions on vote steps, for the process managers: read only, as an audit
    trail must be."""

    list_display = ["at", "actor", "action", "step"]
    list_filter = ["action", "step"]
    list_select_related = ["actor", "step"]
    fields = ["at", "actor", "action", "step", "details_text"]
    readonly_fields = ["details_text"]
    date_hierarchy = "at"

    @admin.display(description=_("details"))
    def details_text(self, obj: AuditEntry) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.details, indent=2, ensure_ascii=False))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # No Django permission row: the rule that lets a manager run the vote lets them read it.
        return bool(manages.test(request.user, obj))
