"""Forms of the vote: the list's filters, the basket's buttons, staff entry forms."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.organizations.forms import ThemeDistrictFilterForm
from tessera.organizations.models import District


class VoteFilterForm(ThemeDistrictFilterForm):
    """Search and filters of the vote page, sent by GET."""

    field_order = ["q", "theme", "district"]

    q = forms.CharField(label=_("Search"), required=False, max_length=200)


# "discard" drops the draft: the basket shows the submitted ballot again.
BASKET_ACTIONS = ("add", "remove", "up", "down", "points", "clear", "discard")


class BasketForm(forms.Form):
    """One button of the basket: add, remove, move up or down, set points."""

    action = forms.ChoiceField(choices=[(action, action) for action in BASKET_ACTIONS])
    proposal = forms.IntegerField(required=False, min_value=1)
    points = forms.IntegerField(required=False, min_value=0, max_value=1_000_000)


class SubmitForm(forms.Form):
    census_code = forms.CharField(
        label=_("Your census or invitation code"), required=False, max_length=40
    )


class VoterFactsForm(forms.Form):
    """What the vote page asks a voter whose profile lacks what the step needs (only the
    fields `eligibility.missing_facts` names)."""

    year_of_birth = forms.IntegerField(
        label=_("Your year of birth"),
        widget=forms.NumberInput(attrs={"autocomplete": "bday-year", "inputmode": "numeric"}),
    )
    district = forms.ModelChoiceField(
        label=_("The district you live in"),
        queryset=District.objects.none(),
        empty_label=_("Choose your district"),
    )

    def __init__(
        self, *args: Any, missing: Sequence[str], districts: Sequence[District], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in missing:
                del self.fields[name]
        if "district" in self.fields:
            field = self.fields["district"]
            field.queryset = District.objects.filter(pk__in=[d.pk for d in districts])  # type: ignore[attr-defined]
        if "year_of_birth" in self.fields:
            this_year = timezone.localdate().year
            self.fields["year_of_birth"].validators += [
                MinValueValidator(this_year - 120),
                MaxValueValidator(this_year),
            ]


class VotingCodeForm(forms.Form):
    code = forms.CharField(label=_("Your voting code"), max_length=40)


class CodesGenerateForm(forms.Form):
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=100_000)
    output = forms.ChoiceField(
        label=_("Format"),
        choices=[("csv", _("CSV file")), ("pdf", _("PDF to print, one code per card"))],
        initial="pdf",
    )


# A census list of a large city fits well under this (a code and its line end: ~15 bytes).
CENSUS_FILE_MAX_BYTES = 5 * 1024 * 1024
CENSUS_FILE_EXTENSIONS = (".csv", ".txt")
CENSUS_CODE_MAX_LENGTH = 40  # what the vote page's census field accepts
# A first line naming the column, not a code.
CENSUS_HEADERS = {"code", "codes", "census code", "census_code", "code de recensement"}


class CensusCodesForm(forms.Form):
    """Census or invitation codes: typed or pasted, one per line, or uploaded as a file (CSV
    or text: one code per line, or the first column; UTF-8, with or without a BOM)."""

    codes = forms.CharField(
        label=_("Codes, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    file = forms.FileField(
        label=_("Or a file of codes (CSV or TXT)"),
        required=False,
        help_text=_(
            "One code per line, or in the first column; UTF-8 text, at most 5 MB. "
            "A first line “code” is a heading and is skipped."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.txt,text/csv,text/plain",
                "aria-describedby": "census-file-help",
            }
        ),
    )

    district: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("District of these codes"),
        queryset=None,  # the organisation's districts, read per request (django-scopes)
        required=False,
        help_text=_(
            "Where their holders live, from the census: a vote whose residence is proved by "
            "census codes lets each code vote in its district only."
        ),
    )

    def __init__(self, *args: Any, districts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts  # type: ignore[attr-defined]

    def clean_file(self) -> list[str] | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if not upload.name.lower().endswith(CENSUS_FILE_EXTENSIONS):
            raise forms.ValidationError(_("Choose a CSV or TXT file."), code="extension")
        if upload.size > CENSUS_FILE_MAX_BYTES:
            raise forms.ValidationError(_("The file is over 5 MB."), code="size")
        return census_codes_read(upload.read())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = [line for line in data.get("codes", "").splitlines() if line.strip()]
        too_long = [line for line in typed if len(line.strip()) > CENSUS_CODE_MAX_LENGTH]
        if too_long:
            self.add_error("codes", _too_long(1 + typed.index(too_long[0])))
        from_file = data.get("file") or []
        if not typed and not from_file and not self.errors:
            raise forms.ValidationError(
                _("Type the codes, or choose a file of codes."), code="empty"
            )
        data["all_codes"] = [*typed, *from_file]
        data["source"] = " and ".join(
            name for name, given in (("text", typed), ("file", from_file)) if given
        )
        return data


def census_codes_read(content: bytes) -> list[str]:
    """The codes of an uploaded file: one per line, or the first column of a CSV (comma,
    semicolon or tab), in UTF-8 (a BOM is fine). Blank lines and a heading are skipped."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise forms.ValidationError(
            _(
                "This file is not UTF-8 text. Save it as “CSV UTF-8” (or as UTF-8 text) and "
                "try again."
            ),
            code="encoding",
        ) from None
    if "\x00" in text:
        raise forms.ValidationError(
            _("This file is not a text file: choose a CSV or TXT file."), code="binary"
        )
    lines = text.splitlines()
    sample = next((line for line in lines if line.strip()), "")
    delimiter = next((d for d in (";", ",", "\t") if d in sample), None)
    try:
        rows = (
            [[line] for line in lines]
            if delimiter is None
            else list(csv.reader(lines, delimiter=delimiter))
        )
    except csv.Error:
        raise forms.ValidationError(
            _("This file is not readable as CSV: choose a CSV or TXT file."), code="csv"
        ) from None
    codes: list[str] = []
    for number, row in enumerate(rows, start=1):
        code = row[0].strip() if row else ""
        if not code or (not codes and code.lower() in CENSUS_HEADERS):
            continue
        if len(code) > CENSUS_CODE_MAX_LENGTH:
            raise forms.ValidationError(_too_long(number), code="too_long")
        codes.append(code)
    if not codes:
        raise forms.ValidationError(_("This file holds no code."), code="empty")
    return codes


def _too_long(line: int) -> str:
    return _("Line %(line)d: a code has at most %(count)d characters.") % {
        "line": line,
        "count": CENSUS_CODE_MAX_LENGTH,
    }


class PaperBallotForm(forms.Form):
    """One paper ballot: a line per proposal (ticked, rank or points, by ballot kind)."""

    census_code = forms.CharField(label=_("Census code"), required=False, max_length=40)


class ResetForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Type the title of the step to confirm"),
        max_length=200,
        help_text=_("Every ballot of this vote is deleted; this cannot be undone."),
    )


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I checked this outcome: publish it"),
        help_text=_("Published results cannot be withdrawn; the winners are told at once."),
    )


class ResidenceSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Resident's e-mail address or name"),
        max_length=100,
        required=False,
        help_text=_("At least 3 characters."),
    )


class ResidenceCheckForm(forms.Form):
    """Where one resident lives, as the staff member saw on a proof of address."""

    resident = forms.IntegerField(widget=forms.HiddenInput)
    district: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,  # the organisation's districts, set by the view
        label=_("District where they live"),
        empty_label=None,
    )

    def __init__(
        self,
        *args: Any,
        districts: Any,
        choices: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts  # type: ignore[attr-defined]
        if choices is not None:  # read once for a page of forms, not once per form
            self.fields["district"].widget.choices = choices
