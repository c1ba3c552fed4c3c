"""Forms of the follow-up: the public filters and the back office's edit, news and creation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import fields_for_model, model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.core.images import reencode_image
from tessera.followup.kinds import FOLLOWUP
from tessera.followup.models import Realisation
from tessera.followup.rules import update_errors
from tessera.followup.services import TRACKED_FIELDS
from tessera.followup.statuses import RealisationStatus, allowed_transitions
from tessera.organizations.forms import ThemeDistrictFilterForm
from tessera.processes.models import Process, Step

STATUS_FILTER_CHOICES = [("", _("All")), *RealisationStatus.choices]


class RealisationFilterForm(ThemeDistrictFilterForm):
    """The public list's filters, sent by GET: an edition (year or process), theme, district,
    status. An unknown value is an error the page shows (400), not an empty list."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    process = forms.ModelChoiceField(
        label=_("Process"),
        required=False,
        queryset=Process.objects.none(),
        empty_label=_("All"),
        to_field_name="slug",
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTER_CHOICES)

    field_order = ["year", "process", "district", "theme", "status"]

    def __init__(
        self, *args: Any, processes: QuerySet[Process], years: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = processes  # type: ignore[attr-defined]
        self.fields["year"].choices = [("", _("All")), *((year, year) for year in years)]  # type: ignore[attr-defined]


class ManageFilterForm(forms.Form):
    """The back office list's filters (GET)."""

    process = forms.ModelChoiceField(
        label=_("Process"),
        required=False,
        queryset=Process.objects.none(),
        empty_label=_("All"),
        to_field_name="slug",
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTER_CHOICES)
    late = forms.BooleanField(label=_("Only those past their planned end"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(  # type: ignore[attr-defined]
            realisations__isnull=False
        ).distinct()


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RealisationForm(forms.Form):
    """Staff edit a realisation. A plain form, not a ModelForm: the realisation changes only
    through services.realisation_update, which records the history; the same pure rules
    (rules.update_errors) give the messages here, next to their fields."""

    def __init__(self, *args: Any, realisation: Realisation, **kwargs: Any) -> None:
        kwargs.setdefault("initial", model_to_dict(realisation, fields=TRACKED_FIELDS))
        super().__init__(*args, **kwargs)
        self.realisation = realisation
        self.fields.update(
            fields_for_model(
                Realisation,
                fields=TRACKED_FIELDS,
                widgets={
                    "planned_start": DATE_INPUT,
                    "planned_end": DATE_INPUT,
                    "actual_start": DATE_INPUT,
                    "actual_end": DATE_INPUT,
                    "abandon_reason": forms.Textarea(attrs={"rows": 3}),
                },
            )
        )
        current = RealisationStatus(realisation.status)
        self.fields["status"] = forms.ChoiceField(
            label=_("Status"),
            choices=[(s.value, s.label) for s in (current, *allowed_transitions(current))],
            help_text=_("Done and abandoned are final."),
        )
        self.fields["progress"].widget.attrs.update({"min": 0, "max": 100})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        values = {**cleaned, "abandon_reason": cleaned.get("abandon_reason") or ""}
        errors = update_errors(
            current_status=self.realisation.status, values=values, today=timezone.localdate()
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        return cleaned

    def changed_values(self) -> dict[str, Any]:
        """What the service needs: every field staff may change, as cleaned."""
        return {field: self.cleaned_data[field] for field in TRACKED_FIELDS}


class NewsPostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, *italics*, lists, links."),
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_(
            "JPEG, PNG, WebP or GIF, 8 MB at most. Its metadata (place, camera) is removed."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )
    image_alt = forms.CharField(
        label=_("Image description"),
        max_length=200,
        required=False,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        # Re-encoded here, so a bad file is refused next to its field and only clean pixels
        # reach the storage.
        return reencode_image(upload)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return cleaned


class RealisationsCreateForm(forms.Form):
    """Choose the follow-up step whose process's winners become realisations."""

    step = forms.ModelChoiceField(
        label=_("Follow-up step"),
        queryset=Step.objects.none(),
        empty_label=None,
        help_text=_("The winners of its process that have no realisation yet get one."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["step"]
        field.queryset = (  # type: ignore[attr-defined]
            Step.objects.filter(kind=FOLLOWUP.identifier)
            .select_related("process")
            .order_by("-starts_at")
        )
        field.label_from_instance = lambda step: f"{step.process.title} · {step.title}"  # type: ignore[attr-defined]
