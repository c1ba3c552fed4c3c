"""The back office's forms: the process, its list's filters, a step of its timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from tessera.accounts.models import User
from tessera.organizations.models import District, Theme
from tessera.processes import kinds, timeline
from tessera.processes.forms import ProcessAdminForm
from tessera.processes.models import Process, Step

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
RESERVED_SLUGS = frozenset({"new"})


class ProcessFilterForm(forms.Form):
    """The process list's search and filters, sent by GET."""

    STATES = [
        ("", _("All but archived")),
        ("open", _("Open")),
        ("upcoming", _("Upcoming")),
        ("closed", _("Closed")),
        ("draft", _("Drafts")),
        ("archived", _("Archived")),
    ]
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("Status"), required=False, choices=STATES)


# A model form's choice fields read their querysets when the class is built, at import,
# outside any organisation scope; the form reads them again per request (__init__).
with scopes_disabled():

    class ProcessForm(ProcessAdminForm):
        """A process's texts, image, themes, districts, visibility and short URL."""

        short_url = forms.CharField(
            label=_("Short URL"),
            required=False,
            max_length=100,
            help_text=_("An easy address that leads to the process, e.g. /budget. Optional."),
        )
        allowed_emails = forms.CharField(
            label=_("Participants allowed"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_(
                "Only for a restricted process: the e-mail addresses of the accounts allowed "
                "to take part, one per line."
            ),
        )

        class Meta(ProcessAdminForm.Meta):
            fields = [
                "title",
                "slug",
                "summary",
                "description",
                "cover",
                "cover_alt",
                "themes",
                "districts",
                "visibility",
            ]
            widgets = {
                "description": forms.Textarea(attrs={"rows": 10}),
                "themes": forms.CheckboxSelectMultiple,
                "districts": forms.CheckboxSelectMultiple,
                "visibility": forms.RadioSelect,
                "cover": forms.ClearableFileInput(
                    attrs={"accept": "image/jpeg,image/png,image/webp"}
                ),
            }
            help_texts = {
                "slug": _("Letters, digits and hyphens; empty: made from the title."),
            }

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.fields["slug"].required = False
            # Read inside the request's organisation scope, not at import.
            self.fields["themes"].queryset = Theme.objects.all()  # type: ignore[attr-defined]
            self.fields["districts"].queryset = District.objects.all()  # type: ignore[attr-defined]
            if self.instance.pk and not self.is_bound:
                emails = self.instance.allowed_users.values_list("email", flat=True)
                self.initial["allowed_emails"] = "\n".join(sorted(emails))

        def clean_allowed_emails(self) -> list[User]:
            """The accounts behind the addresses typed; an unknown address is an error."""
            emails = {line.strip().lower() for line in self.cleaned_data["allowed_emails"].split()}
            emails.discard("")
            users = list(User.objects.filter(email__in=emails))
            unknown = sorted(emails - {user.email.lower() for user in users})
            if unknown:
                raise forms.ValidationError(
                    _("No account has these addresses: %(emails)s.")
                    % {"emails": ", ".join(unknown)},
                    code="unknown",
                )
            return users

        def clean_slug(self) -> str:
            slug = self.cleaned_data.get("slug") or slugify(self.data.get("title", ""))[:80]
            if not slug:
                raise forms.ValidationError(_("Give a short name made of letters or digits."))
            if slug in RESERVED_SLUGS:  # /manage/processes/new/ is the creation page
                raise forms.ValidationError(_("This short name is reserved; choose another one."))
            others = Process.objects.filter(slug=slug).exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(
                    _("Another process already uses this short name."), code="unique"
                )
            return slug


class StepForm(forms.ModelForm[Step]):
    """A step's kind, title, dates and text; overlaps are shown next to the date concerned."""

    kind = forms.ChoiceField(label=_("Kind"), choices=kinds.choices)

    class Meta:
        model = Step
        fields = ["kind", "title", "starts_at", "ends_at", "description"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
            ),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "starts_at": _("Day and time, in the site's time zone."),
            "ends_at": _("The step closes at this instant; the next one may start then."),
            "description": _("Markdown: **bold**, *italics*, lists, links."),
        }

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.process = process
        self.fields["starts_at"].input_formats = [DATETIME_FORMAT]  # type: ignore[attr-defined]
        self.fields["ends_at"].input_formats = [DATETIME_FORMAT]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if not (starts_at and ends_at):
            return data
        if ends_at <= starts_at:
            self.add_error("ends_at", _("A step must end after it starts."))
            return data
        others = Step.objects.filter(process=self.process).exclude(pk=self.instance.pk)
        for other in timeline.overlapping(_Dates(starts_at, ends_at), list(others)):
            # The date that falls inside the other step is the one to change.
            field = "starts_at" if other.starts_at <= starts_at else "ends_at"
            self.add_error(
                field,
                _("This step would overlap “%(title)s” (%(start)s – %(end)s).")
                % {
                    "title": other.title,
                    "start": _local(other.starts_at),
                    "end": _local(other.ends_at),
                },
            )
        return data


@dataclass(frozen=True)
class _Dates:
    starts_at: datetime
    ends_at: datetime


def _local(moment: datetime) -> str:
    return date_format(localtime(moment), "SHORT_DATETIME_FORMAT")
