"""The follow-up and results steps' settings in the back office's timeline editor
(processes.kinds StepSettings): what their public pages show."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tessera.followup.models import FollowupSettings, ResultsSettings
from tessera.followup.statuses import RealisationStatus
from tessera.processes.models import Process, Step


def followup_settings_for(step: Step) -> FollowupSettings:
    """The step's follow-up settings, or the defaults (unsaved) when staff set none."""
    try:
        return step.followup_settings
    except FollowupSettings.DoesNotExist:
        return FollowupSettings(step=step, organization_id=step.organization_id)


def results_settings_for(step: Step) -> ResultsSettings:
    """The step's results settings, or the defaults (unsaved) when staff set none."""
    try:
        return step.results_settings
    except ResultsSettings.DoesNotExist:
        return ResultsSettings(step=step, organization_id=step.organization_id)


def budgets_public(process: Process) -> bool:
    """Whether the realisations of this process show their budgets: yes unless one of its
    follow-up steps says no."""
    return not FollowupSettings.objects.filter(step__process=process, budgets_public=False).exists()


def step_settings_save(*, settings: FollowupSettings | ResultsSettings) -> None:
    """Save a step's settings row (created on first save: the step may have none yet)."""
    with transaction.atomic():
        settings.organization_id = settings.step.organization_id
        settings.save()


class FollowupSettingsForm(forms.ModelForm[FollowupSettings]):
    statuses = forms.MultipleChoiceField(
        label=gettext_lazy("Statuses shown"),
        choices=RealisationStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "The realisations the step's page lists, by status; for instance leave out "
            "the abandoned ones. At least one."
        ),
    )

    class Meta:
        model = FollowupSettings
        fields = ["statuses", "budgets_public"]
        help_texts = {
            "budgets_public": gettext_lazy(
                "The budget voted and the budget spent appear on each realisation's page."
            ),
        }

    def __init__(self, data: Any = None, files: Any = None, *, step: Step, user: Any) -> None:
        super().__init__(data, files, instance=followup_settings_for(step))
        self.initial["statuses"] = self.instance.statuses or list(RealisationStatus.values)

    def clean_statuses(self) -> list[str]:
        chosen = set(self.cleaned_data["statuses"])
        # Every status chosen is stored as "every status": one added later is shown too.
        return [] if chosen == set(RealisationStatus.values) else sorted(chosen)

    def save(self, commit: bool = True) -> Any:
        step_settings_save(settings=self.instance)
        return None


def followup_settings_summary(step: Step) -> str:
    """One line for the timeline: "Every status, budgets published"."""
    settings = followup_settings_for(step)
    if settings.statuses:
        labels = [str(RealisationStatus(value).label).lower() for value in settings.statuses]
        shown = _("statuses shown: %(statuses)s") % {"statuses": ", ".join(labels)}
    else:
        shown = _("every status")
    budgets = _("budgets published") if settings.budgets_public else _("budgets not published")
    line = f"{shown}, {budgets}"
    return line[:1].upper() + line[1:]


class ResultsSettingsForm(forms.ModelForm[ResultsSettings]):
    class Meta:
        model = ResultsSettings
        fields = ["introduction", "show_scores", "show_turnout"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "introduction": gettext_lazy(
                "Shown above the winners on the step's page. Markdown: **bold**, lists, links."
            ),
            "show_scores": gettext_lazy(
                "Each winner's votes (or points) beside it; the full results page of the vote "
                "keeps every figure."
            ),
            "show_turnout": gettext_lazy("How many voters and ballots, online and on paper."),
        }

    def __init__(self, data: Any = None, files: Any = None, *, step: Step, user: Any) -> None:
        super().__init__(data, files, instance=results_settings_for(step))

    def save(self, commit: bool = True) -> Any:
        step_settings_save(settings=self.instance)
        return None


def results_settings_summary(step: Step) -> str:
    """One line for the timeline: "Introduction written, votes shown, turnout shown"."""
    settings = results_settings_for(step)
    parts = [
        _("introduction written") if settings.introduction.strip() else _("no introduction"),
        _("votes shown") if settings.show_scores else _("votes not shown"),
        _("turnout shown") if settings.show_turnout else _("turnout not shown"),
    ]
    line = ", ".join(str(part) for part in parts)
    return line[:1].upper() + line[1:]
