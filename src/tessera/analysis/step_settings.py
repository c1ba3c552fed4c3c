"""The analysis step's settings in the back office's timeline editor (processes.kinds
StepSettings): the date by which the services hand in their analyses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from tessera.analysis.models import AnalysisSettings
from tessera.processes.models import Step


def settings_of(step: Step) -> AnalysisSettings:
    try:
        return step.analysis_settings
    except AnalysisSettings.DoesNotExist:
        return AnalysisSettings(step=step, organization_id=step.organization_id)


class AnalysisSettingsForm(forms.ModelForm[AnalysisSettings]):
    class Meta:
        model = AnalysisSettings
        fields = ["due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, data: Any = None, files: Any = None, *, step: Step, user: Any) -> None:
        super().__init__(data, files, instance=settings_of(step))
        self.fields["due_date"].input_formats = ["%Y-%m-%d"]  # type: ignore[attr-defined]

    def save(self, commit: bool = True) -> Any:
        analysis_settings_save(settings=self.instance)
        return None


def analysis_settings_save(*, settings: AnalysisSettings) -> AnalysisSettings:
    with transaction.atomic():
        settings.save()
    return settings


def analysis_settings_summary(step: Step) -> str:
    due_date = settings_of(step).due_date
    if due_date is None:
        return _("No due date for the analyses.")
    return _("Analyses due on %(date)s.") % {"date": formats.date_format(due_date, "DATE_FORMAT")}
