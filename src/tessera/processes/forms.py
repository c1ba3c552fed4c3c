from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from tessera.core.images import reencode_image
from tessera.organizations.models import District, Theme
from tessera.processes import kinds
from tessera.processes.models import Process, Step
from tessera.processes.timeline import ProcessStatus

STATUS_LABELS = {
    ProcessStatus.OPEN: _("Open"),
    ProcessStatus.UPCOMING: _("Upcoming"),
    ProcessStatus.CLOSED: _("Closed"),
}


class ProcessFilterForm(forms.Form):
    """The filters of the process list, sent by GET so that a filtered list has its own URL."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *STATUS_LABELS.items()],
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.none(),
        empty_label=_("All"),
        to_field_name="slug",
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.none(),
        empty_label=_("All"),
        to_field_name="slug",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.all()  # type: ignore[attr-defined]
        self.fields["district"].queryset = District.objects.all()  # type: ignore[attr-defined]


# Defining a model form builds its choice fields' querysets at import time, outside any
# organisation scope; the admin rebuilds every field per request, inside the scope.
with scopes_disabled():

    class ProcessAdminForm(forms.ModelForm[Process]):
        class Meta:
            model = Process
            fields = [
                "title",
                "slug",
                "summary",
                "description",
                "is_published",
                "cover",
                "cover_alt",
                "themes",
                "districts",
                "visibility",
                "allowed_users",
            ]

        def clean_cover(self) -> Any:
            cover = self.cleaned_data.get("cover")
            if cover and hasattr(cover, "content_type"):  # a new upload, not the stored file
                return reencode_image(cover)
            return cover


class StepAdminForm(forms.ModelForm[Step]):
    kind = forms.ChoiceField(label=_("kind"), choices=kinds.choices)

    class Meta:
        model = Step
        fields = ["kind", "title", "starts_at", "ends_at", "description"]
