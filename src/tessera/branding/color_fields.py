"""The colour roles in the identity form: one optional field per role, grouped, in words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from tessera.branding import colors, contrast
from tessera.branding.contrast import ContrastProblem

GROUP_LABELS: dict[str, StrOrPromise] = {
    "header": _("Header"),
    "menu": _("Menu"),
    "buttons": _("Buttons"),
    "links": _("Links"),
    "headings": _("Headings"),
    "sections": _("Sections"),
    "cards": _("Cards"),
    "tags": _("Tags and statuses"),
    "footer": _("Footer"),
    "focus": _("Focus ring"),
    "bars": _("Vote and progress bars"),
}
ROLE_LABELS: dict[str, StrOrPromise] = {
    "header-background": _("Header background"),
    "header-text": _("Site name in the header"),
    "header-border": _("Line under the header"),
    "menu-link": _("Menu links"),
    "button-background": _("Main button background"),
    "button-text": _("Main button text"),
    "button-secondary-background": _("Secondary button background"),
    "button-secondary-text": _("Secondary button text and border"),
    "link": _("Links in the text"),
    "heading": _("Headings"),
    "section-background": _("Section background (filters, boxes)"),
    "section-text": _("Section text"),
    "card-background": _("Card background"),
    "card-border": _("Card border"),
    "card-title": _("Card title"),
    "tag-background": _("Tag background"),
    "tag-text": _("Tag text"),
    "footer-background": _("Footer background"),
    "footer-text": _("Footer text"),
    "footer-link": _("Footer links"),
    "focus": _("Focus ring (keyboard navigation)"),
    "bar-track": _("Bar track"),
    "bar": _("Bar filling"),
}
BASE_LABELS: dict[str, StrOrPromise] = {
    "background": _("Background colour"),
    "text": _("Text colour"),
    "primary": _("Primary colour"),
    "secondary": _("Secondary colour"),
}
NOT_READABLE = _(
    "%(role)s is not readable on “%(against_role)s” (%(against)s): %(ratio)s:1 where at least "
    "%(minimum)s:1 is needed. Try %(suggestion)s."
)
_hex = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Type a colour as # and six hexadecimal digits."))


def color_widget(placeholder: str = "#rrggbb") -> forms.TextInput:
    """A colour typed as #rrggbb; color-picker.js adds the browser's picker beside it. A
    role's placeholder is the colour it follows while left empty."""
    attrs = {
        "pattern": "#[0-9a-fA-F]{6}",
        "maxlength": 7,
        "size": 8,
        "spellcheck": "false",
        "data-color-input": "",
        "data-picker-label": _("Colour picker:"),
        "placeholder": placeholder,
    }
    return forms.TextInput(attrs=attrs)


def field_name(key: str) -> str:
    return f"color_{key.replace('-', '_')}"


def role_fields(chosen: dict[str, str], palette: colors.Palette) -> dict[str, forms.CharField]:
    """One optional field per role; the placeholder shows the colour it follows now."""
    return {
        field_name(role.key): forms.CharField(
            label=ROLE_LABELS[role.key],
            required=False,
            initial=chosen.get(role.key, ""),
            validators=[_hex],
            help_text=_("Leave empty to follow the colours above."),
            widget=color_widget(placeholder=palette[role.key]),
        )
        for role in colors.ROLES
    }


def role_groups() -> list[tuple[StrOrPromise, str]]:
    """(the group's title, its fields' names separated by spaces), in the form's order."""
    return [
        (
            GROUP_LABELS[group],
            " ".join(field_name(role.key) for role in colors.ROLES if role.group == group),
        )
        for group in colors.GROUPS
    ]


def chosen_colors(cleaned: dict[str, Any]) -> dict[str, str]:
    return {
        role.key: value.lower()
        for role in colors.ROLES
        if (value := cleaned.get(field_name(role.key)))
    }


def base_palette(identity: Any) -> colors.Palette:
    return contrast.theme_palette(
        primary=identity.primary_color,
        secondary=identity.secondary_color,
        background=identity.background_color,
        text=identity.text_color,
    )


def role_errors(problems: list[ContrastProblem]) -> dict[str, list[ValidationError]]:
    """One message per unreadable role, on its field, with the ratio and a suggestion."""
    labels = {**ROLE_LABELS, **BASE_LABELS}
    return {
        field_name(problem.field): [
            ValidationError(
                NOT_READABLE,
                code="contrast",
                params={
                    "role": labels[problem.field],
                    "against_role": labels.get(
                        colors.ROLES_BY_KEY[problem.field].drawn_on, problem.against
                    ),
                    "against": problem.against,
                    "ratio": number_format(int(problem.ratio * 100) / 100, decimal_pos=2),
                    "minimum": number_format(problem.minimum, decimal_pos=1),
                    "suggestion": problem.suggestion,
                },
            )
        ]
        for problem in problems
    }
