"""Forms of the vote: the list's filters, the basket's buttons, staff entry forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tessera.organizations.forms import ThemeDistrictFilterForm


class VoteFilterForm(ThemeDistrictFilterForm):
    """Search and filters of the vote page, sent by GET."""

    field_order = ["q", "theme", "district"]

    q = forms.CharField(label=_("Search"), required=False, max_length=200)


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
        choices=[("csv", _("CSV file")), ("pdf", _("PDF to print, one code per card"))],
        initial="pdf",
    )


class CensusCodesForm(forms.Form):
    codes = forms.CharField(
        label=_("Codes, one per line"), widget=forms.Textarea(attrs={"rows": 8})
    )


class PaperBallotForm(forms.Form):
    """One paper ballot: a line per proposal (ticked, rank or points, by ballot kind)."""

    census_code = forms.CharField(label=_("Census code"), required=False, max_length=40)
