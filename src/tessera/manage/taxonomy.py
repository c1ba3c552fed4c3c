"""The organisation's themes and districts (kept by process managers) and its services (by
administrators), in the back office."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tessera.accounts.models import Service
from tessera.organizations.models import District, Organization, Theme

Item = Theme | District | Service
KINDS: dict[str, type[Theme] | type[District] | type[Service]] = {
    "themes": Theme,
    "districts": District,
    "services": Service,
}
FIELDS = {
    "themes": ["name", "slug", "position"],
    "districts": ["name", "slug", "postal_codes", "position"],
    "services": ["name"],
}
ORDER = {"themes": ["position", "name"], "districts": ["position", "name"], "services": ["name"]}
PERMISSION = {
    "themes": "organizations.change_theme",
    "districts": "organizations.change_district",
    "services": "accounts.change_service",
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
            if "slug" in self.fields:
                self.fields["slug"].required = False

        def clean_name(self) -> str:
            name = str(self.cleaned_data["name"]).strip()
            # A service's name is its identity (unique per organisation).
            taken = KINDS[kind].objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
            if kind == "services" and taken.exists():
                raise forms.ValidationError(_("This name is already used."), code="unique")
            return name

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


def taxonomy_save(*, item: Item, organization: Organization) -> Item:
    with transaction.atomic():
        item.organization = organization
        item.save()
    return item
