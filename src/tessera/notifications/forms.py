from __future__ import annotations

from typing import Any

from django import forms

from tessera.accounts.models import EmailFrequency
from tessera.notifications.selectors import FamilyChoice


class PreferencesForm(forms.Form):
    """One choice of e-mail frequency per family, each field named after its family."""

    def __init__(self, *args: Any, choices: list[FamilyChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for choice in choices:
            self.fields[choice.family.value] = forms.ChoiceField(
                label=choice.family.label,
                choices=EmailFrequency.choices,
                initial=choice.frequency,
            )
