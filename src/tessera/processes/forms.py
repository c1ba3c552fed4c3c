from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from tessera.core.images import reencode_image
from tessera.organizations.forms import ThemeDistrictFilterForm
from tessera.processes import kinds
from tessera.processes.models import Process, Step
from tessera.processes.timeline import ProcessStatus

STATUS_LABELS = {
    ProcessStatus.OPEN: _("Open"),
    ProcessStatus.UPCOMING: _("Upcoming"),
    ProcessStatus.CLOSED: _("Closed"),
}


class ProcessFilterForm(ThemeDistrictFilterForm):
    """The filters of the process list, sent by GET so that a filtered list has its own URL."""

    field_order = ["status", "theme", "district"]

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *STATUS_LABELS.items()],
    )


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
