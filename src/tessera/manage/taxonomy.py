"""The organisation's themes and districts, kept by process managers in the back office."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tessera.organizations.models import District, Organization, Theme

KINDS: dict[str, type[Theme] | type[District]] = {"themes": Theme, "districts": District}
FIELDS = {
    "themes": ["name", "slug", "position"],
    "districts": ["name", "slug", "postal_codes", "position"],
}


def form_class(kind: str) -> type[forms.ModelForm[Any]]:
    """The form of a theme or a district: a name, a short name (made from it), an order."""

    class TaxonomyForm(forms.ModelForm[Any]):
        class Meta:
            model = KINDS[kind]
            fields = FIELDS[kind]
            help_texts = {
                "slug": gettext_lazy("In addresses and filters; empty: made from the name."),
                "position": gettext_lazy("Lists show the smallest first."),
            }

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.fields["slug"].required = False

        def clean_slug(self) -> str:
            slug = (
                self.cleaned_data.get("slug")
                or slugify(self.data.get(self.add_prefix("name"), ""))[:120]
            )
            if not slug:
                raise forms.ValidationError(_("Give a name made of letters or digits."))
            others = KINDS[kind].objects.filter(slug=slug).exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(_("This short name is already used."), code="unique")
            return slug

    return TaxonomyForm


def taxonomy_save(*, item: Theme | District, organization: Organization) -> Theme | District:
    with transaction.atomic():
        item.organization = organization
        item.save()
    return item
