"""Forms of the vote: the list's filters, the basket's buttons, staff entry forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from tessera.organizations.models import District, Theme

with scopes_disabled():

    class VoteFilterForm(forms.Form):
        """Search and filters of the vote page, sent by GET."""

        q = forms.CharField(label=_("Search"), required=False, max_length=200)
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


BASKET_ACTIONS = ("add", "remove", "up", "down", "points", "clear")


class BasketForm(forms.Form):
    """One button of the basket: add, remove, move up or down, set points."""

    action = forms.ChoiceField(choices=[(action, action) for action in BASKET_ACTIONS])
    proposal = forms.IntegerField(required=False, min_value=1)
    points = forms.IntegerField(required=False, min_value=0, max_value=1_000_000)


class SubmitForm(forms.Form):
    census_code = forms.CharField(
        label=_("Your census or invitation code"), required=False, max_length=40
    )


class VotingCodeForm(forms.Form):
    code = forms.CharField(label=_("Your voting code"), max_length=40)


class CodesGenerateForm(forms.Form):
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=100_000)
    output = forms.ChoiceField(
        label=_("Format"),
        choices=[("csv", _("CSV file")), ("sheet", _("Printable sheet"))],
        initial="sheet",
    )


class CensusCodesForm(forms.Form):
    codes = forms.CharField(
        label=_("Codes, one per line"), widget=forms.Textarea(attrs={"rows": 8})
    )


class PaperBallotForm(forms.Form):
    """One paper ballot: a line per proposal (ticked, rank or points, by ballot kind)."""

    census_code = forms.CharField(label=_("Census code"), required=False, max_length=40)
