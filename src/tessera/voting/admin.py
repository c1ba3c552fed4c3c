"""Vote steps in the back office: settings (with district envelopes and theme quotas),
ballots (read only, without their content: the ballot is secret), codes, results, and the
audit trail of staff actions (read only).

Settings the vote or the count cannot work with are refused with a message, and nothing is
stored: `VoteSettings.clean()`, the inlines' `clean()`, and here what needs both the
settings and their district envelopes (voting.settings_rules)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tessera.organizations.admin import OrganizationOwnedAdmin
from tessera.organizations.models import District
from tessera.voting import settings_rules
from tessera.voting.models import (
    AuditEntry,
    Ballot,
    DistrictBudget,
    PollingStation,
    Results,
    Scope,
    ThemeQuota,
    VoteSettings,
    VotingCode,
)
from tessera.voting.rules import manages
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
            districts=_voting_districts(settings),
        )
        if problems:
            raise ValidationError(problems)


def _voting_districts(settings: VoteSettings) -> list[str]:
    """The districts that vote in this step (as voting.stepcache reads them)."""
    if settings.scope == Scope.PROCESS or settings.step_id is None:
        return []
    districts = list(settings.step.process.districts.all()) or list(District.objects.all())
    return [str(district) for district in districts]


class DistrictBudgetInline(admin.TabularInline[DistrictBudget, VoteSettings]):
    model = DistrictBudget
    formset = DistrictBudgetFormSet
    extra = 0
    fields = ["district", "budget"]


class ThemeQuotaInline(admin.TabularInline[ThemeQuota, VoteSettings]):
    model = ThemeQuota
    extra = 0
    fields = ["theme", "min_choices", "max_choices", "min_amount", "max_amount"]


@admin.register(VoteSettings)
class VoteSettingsAdmin(OrganizationOwnedAdmin[VoteSettings]):
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
            {"fields": ["min_age", "residence_required", "census_required"]},
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
