"""What a draft changes in the published identity, field by field, in words staff read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from tessera.branding.color_fields import ROLE_LABELS
from tessera.branding.colors import ROLES
from tessera.branding.models import IDENTITY_FIELD_NAMES, IdentityFields


@dataclass(frozen=True)
class IdentityChange:
    label: str
    before: str
    after: str


def _shown(identity: IdentityFields, field: models.Field[Any, Any]) -> str:
    if isinstance(field, models.FileField):
        return getattr(identity, field.name).name or ""
    if field.choices:
        return str(getattr(identity, f"get_{field.name}_display")())
    value = getattr(identity, field.name)
    return "" if value is None else str(value)


def identity_changes(before: IdentityFields, after: IdentityFields) -> list[IdentityChange]:
    """The fields whose value differs, in the form's order. Files and the custom CSS are too
    long to show: they read as "a new file" and "changed"."""
    changes = []
    for name in IDENTITY_FIELD_NAMES:
        if name == "colors":
            changes += _color_changes(before.colors or {}, after.colors or {})
            continue
        field = IdentityFields._meta.get_field(name)
        assert isinstance(field, models.Field)  # concrete fields only, no relation's reverse side
        old, new = _shown(before, field), _shown(after, field)
        if old == new:
            continue
        if isinstance(field, models.FileField):
            old, new = "", _("a new file") if new else _("removed")
        elif isinstance(field, models.TextField):
            old, new = "", _("changed")
        changes.append(IdentityChange(str(field.verbose_name), old, new))
    return changes


def _color_changes(before: dict[str, str], after: dict[str, str]) -> list[IdentityChange]:
    """One line per colour role set or reset by hand ("" is a role following the others)."""
    return [
        IdentityChange(
            str(ROLE_LABELS[role.key]), before.get(role.key, ""), after.get(role.key, "")
        )
        for role in ROLES
        if before.get(role.key, "") != after.get(role.key, "")
    ]
