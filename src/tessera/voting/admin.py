"""Vote steps in the back office: settings (with district envelopes and theme quotas),
ballots (read only, without their content: the ballot is secret), codes and results."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tessera.organizations.admin import OrganizationOwnedAdmin
from tessera.voting.models import (
    Ballot,
    DistrictBudget,
    PollingStation,
    Results,
    ThemeQuota,
    VoteSettings,
    VotingCode,
)
from tessera.voting.views.common import vote_url


class DistrictBudgetInline(admin.TabularInline[DistrictBudget, VoteSettings]):
    model = DistrictBudget
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
