"""The ban form of the moderators."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
