"""The collect step's settings in the back office's timeline editor (processes.kinds
StepSettings): which fields a proposal asks, what it accepts, and supports on or off."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tessera.processes.models import Step
from tessera.proposals.models import CollectSettings, FieldMode
from tessera.proposals.selectors import collect_settings_for


class CollectSettingsForm(forms.ModelForm[CollectSettings]):
    class Meta:
        model = CollectSettings
        fields = [
            "cost_mode",
            "cost_min",
            "cost_max",
            "address_mode",
            "district_mode",
            "theme_mode",
            "images_enabled",
            "attachments_enabled",
            "max_proposals_per_person",
            "supports_enabled",
            "max_supports_per_person",
            "accepts_associations",
        ]
        widgets = {
            "cost_mode": forms.RadioSelect,
            "address_mode": forms.RadioSelect,
            "district_mode": forms.RadioSelect,
            "theme_mode": forms.RadioSelect,
        }
        help_texts = {
            "cost_mode": gettext_lazy("Whether the author gives an estimated cost."),
            "cost_min": gettext_lazy("Empty: no minimum."),
            "cost_max": gettext_lazy("Empty: no maximum (the envelope may set one later)."),
            "address_mode": gettext_lazy("Whether the author gives the place of the project."),
            "district_mode": gettext_lazy(
                "Whether the author names the district of the project; not required, "
                "“the whole city” is offered."
            ),
            "theme_mode": gettext_lazy(
                "Whether the author picks one of the themes. A proposal without a theme "
                "counts in no theme quota of the vote and is filtered by no theme."
            ),
            "max_proposals_per_person": gettext_lazy(
                "Empty: no limit. A withdrawn proposal frees its place."
            ),
            "supports_enabled": gettext_lazy("Residents can support the proposals they like."),
            "max_supports_per_person": gettext_lazy(
                "How many proposals one person may support in this step. Empty: no limit."
            ),
        }

    def __init__(self, data: Any = None, files: Any = None, *, step: Step, user: Any) -> None:
        super().__init__(data, files, instance=collect_settings_for(step))
        self.step = step

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("cost_min"), data.get("cost_max")
        if low is not None and high is not None and high < low:
            self.add_error("cost_max", _("The maximum cost must be at least the minimum cost."))
        for name in ("max_proposals_per_person", "max_supports_per_person"):
            if data.get(name) == 0:
                self.add_error(name, _("At least 1, or empty for no limit."))
        if data.get("max_supports_per_person") and not data.get("supports_enabled"):
            self.add_error(
                "max_supports_per_person", _("Turn the supports on, or leave the limit empty.")
            )
        return data

    def save(self, commit: bool = True) -> Any:
        collect_settings_save(settings=self.instance)
        return None


def collect_settings_save(*, settings: CollectSettings) -> CollectSettings:
    """Save a collect step's settings (created on first save: the step may have none yet)."""
    with transaction.atomic():
        settings.organization_id = settings.step.organization_id
        settings.save()
    return settings


MODES = {
    FieldMode.REQUIRED: gettext_lazy("required"),
    FieldMode.OPTIONAL: gettext_lazy("optional"),
    FieldMode.HIDDEN: gettext_lazy("not asked"),
}


def collect_settings_summary(step: Step) -> str:
    """One line for the timeline: "Cost required (up to 50,000 €), address optional, …"."""
    settings = collect_settings_for(step)
    parts = [
        _("cost %(mode)s") % {"mode": MODES[FieldMode(settings.cost_mode)]},
        _("address %(mode)s") % {"mode": MODES[FieldMode(settings.address_mode)]},
        _("district %(mode)s") % {"mode": MODES[FieldMode(settings.district_mode)]},
        _("theme %(mode)s") % {"mode": MODES[FieldMode(settings.theme_mode)]},
    ]
    if settings.cost_max:
        parts.append(
            _("up to %(amount)s €") % {"amount": f"{settings.cost_max:,}".replace(",", " ")}
        )
    parts.append(_("images") if settings.images_enabled else _("no images"))
    parts.append(_("PDF files") if settings.attachments_enabled else _("no PDF files"))
    if settings.max_proposals_per_person:
        parts.append(
            ngettext(
                "%(count)d proposal per person",
                "%(count)d proposals per person",
                settings.max_proposals_per_person,
            )
            % {"count": settings.max_proposals_per_person}
        )
    if not settings.supports_enabled:
        parts.append(_("supports off"))
    elif settings.max_supports_per_person:
        parts.append(
            ngettext(
                "supports on (%(count)d per person)",
                "supports on (%(count)d per person)",
                settings.max_supports_per_person,
            )
            % {"count": settings.max_supports_per_person}
        )
    else:
        parts.append(_("supports on"))
    line = ", ".join(str(part) for part in parts)
    return line[:1].upper() + line[1:]
