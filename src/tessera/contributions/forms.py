"""Forms of reports and of the moderation back office (queue, review, settings, bans)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tessera.contributions import kinds
from tessera.contributions.models import ContributionState, ModerationSettings, ReportReason
from tessera.processes.models import Process


class ReportForm(forms.Form):
    """A resident reports a contribution; `question` names what ("this proposal"…)."""

    reason = forms.ChoiceField(choices=ReportReason.choices, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, question: str | Promise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = str(question)


class ReviewForm(forms.Form):
    """A moderator's decision on one item; hiding needs a public reason."""

    action = forms.ChoiceField(
        choices=[
            ("hide", _("Hide")),
            ("unhide", _("Show again")),
            ("dismiss", _("Dismiss the reports")),
        ]
    )
    reason = forms.CharField(label=_("Public reason"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "hide" and not str(data.get("reason", "")).strip():
            self.add_error("reason", _("Give the public reason for hiding it."))
        return data


class BulkReviewForm(ReviewForm):
    """Hide or show again several reported items at once, with one public reason."""

    action = forms.ChoiceField(choices=[("hide", _("Hide")), ("unhide", _("Show again"))])


class QueueFilterForm(forms.Form):
    """The moderation queue's filters (GET): every field may stay empty."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    process = forms.ModelChoiceField(
        label=_("Process"), required=False, queryset=Process.objects.none(), empty_label=_("All")
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), *ContributionState.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reported = [kind for kind in kinds.all_kinds() if kind.offers(kinds.Feature.REPORT)]
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *((kind.identifier, kind.label) for kind in reported),
        ]
        self.fields["process"].queryset = Process.objects.order_by("-starts_at", "title")  # type: ignore[attr-defined]


class ModerationSettingsForm(forms.ModelForm[ModerationSettings]):
    class Meta:
        model = ModerationSettings
        fields = ["reports_threshold"]


class BanForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown to the participant"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    until = forms.DateField(
        label=_("Until (included)"),
        required=False,
        help_text=_("Empty: until a moderator lifts the ban."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        until = data.get("until")
        # The whole last day: the ban ends at midnight after it, in the site's time zone.
        data["ends_at"] = timezone.make_aware(datetime.combine(until, time.max)) if until else None
        return data
