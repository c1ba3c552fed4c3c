"""Form pieces about the organisation's own vocabulary, shared by the apps above."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import District, Theme


class ThemeDistrictFilterForm(forms.Form):
    """The theme and district filters of a public list, by slug, sent by GET.

    The choices are read per request, inside the organisation's scope (the class is built at
    import, outside any scope, where a query would fail).
    """

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
