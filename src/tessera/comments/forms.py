from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tessera.comments.models import BODY_MAX_LENGTH, ModerationSettings
from tessera.processes.models import Process
from tessera.proposals.models import ReportReason


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=BODY_MAX_LENGTH,
        help_text=_("Plain text; Markdown for **bold**, *italics*, lists and links."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write your comment before sending it."),
            "max_length": _(
                "A comment is at most %(limit_value)d characters long "
                "(this one has %(show_value)d)."
            ),
        },
    )


class CommentReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you report this comment?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("hide", _("Hide")),
            ("unhide", _("Show again")),
            ("dismiss", _("Dismiss the reports")),
        ]
    )
    reason = forms.CharField(label=_("Public reason"), required=False, max_length=300)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("action") == "hide" and not str(data.get("reason", "")).strip():
            self.add_error("reason", _("Give the public reason for hiding it."))
        return data


class ModerationSettingsForm(forms.ModelForm[ModerationSettings]):
    class Meta:
        model = ModerationSettings
        fields = ["reports_threshold"]


class QueueFilterForm(forms.Form):
    """The moderation queue's filters (GET): every field may stay empty."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All")), ("proposal", _("Proposals")), ("comment", _("Comments"))],
    )
    process = forms.ModelChoiceField(
        label=_("Process"), required=False, queryset=Process.objects.none(), empty_label=_("All")
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), ("hidden", _("Hidden")), ("shown", _("Shown"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.order_by("-starts_at", "title")  # type: ignore[attr-defined]


class BulkReviewForm(forms.Form):
    """Hide or show again several reported items at once, with one public reason."""

    action = forms.ChoiceField(choices=[("hide", _("Hide")), ("unhide", _("Show again"))])
    reason = forms.CharField(label=_("Public reason"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "hide" and not str(data.get("reason", "")).strip():
            self.add_error("reason", _("Give the public reason for hiding it."))
        return data
