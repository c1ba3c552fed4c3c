"""The votation step's settings in the back office's timeline editor (processes.kinds
StepSettings): the question and its answers, who may vote, when the result holds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.votations.models import Majority, Participation, QuestionKind, VotationSettings
from tessera.votations.selectors import answers_of, settings_for
from tessera.votations.services import settings_save

MIN_ANSWERS, MAX_ANSWERS = 2, 10


def settings_or_defaults(step: Step) -> VotationSettings:
    return settings_for(step) or VotationSettings(
        step=step, organization_id=step.organization_id, question=step.title
    )


class VotationSettingsForm(forms.ModelForm[VotationSettings]):
    answers = forms.CharField(
        label=gettext_lazy("Answers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One per line, 2 to 10 with the blank vote."),
    )
    district = forms.ModelChoiceField(
        label=gettext_lazy("Only residents of the district"),
        queryset=District.objects.none(),  # the step's organisation's, set in __init__
        required=False,
    )
    blank = forms.BooleanField(
        label=gettext_lazy("Offer a blank vote"),
        required=False,
        help_text=gettext_lazy("Counted among the votes, not among the expressed votes."),
    )

    class Meta:
        model = VotationSettings
        fields = [
            "question",
            "kind",
            "min_age",
            "district",
            "census_required",
            "codes_allowed",
            "ballot_changeable",
            "majority",
            "quorum_percent",
            "eligible_population",
        ]
        widgets = {"kind": forms.RadioSelect, "majority": forms.RadioSelect}

    def __init__(self, data: Any = None, files: Any = None, *, step: Step, user: Any) -> None:
        instance = settings_or_defaults(step)
        existing = answers_of(instance) if instance.pk else []
        initial = {
            "answers": "\n".join(a.label for a in existing if not a.is_blank)
            or "\n".join([_("Yes"), _("No")]),
            "blank": any(a.is_blank for a in existing) or not existing,
        }
        super().__init__(data, files, instance=instance, initial=initial)
        self.step = step
        self.voted = bool(instance.pk) and Participation.objects.filter(step=step).exists()
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            organization_id=step.organization_id
        )
        if self.voted:
            for name in ("answers", "blank", "kind"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Frozen: people have voted.")

    def clean_answers(self) -> list[str]:
        raw = self.cleaned_data.get("answers") or ""
        if isinstance(raw, list):  # disabled: the initial value, already a list
            return raw
        labels = [line.strip() for line in str(raw).splitlines() if line.strip()]
        if len(set(labels)) != len(labels):
            raise forms.ValidationError(_("Each answer once: two lines are the same."))
        return labels

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        labels = data.get("answers") or []
        if isinstance(labels, str):
            labels = [line.strip() for line in labels.splitlines() if line.strip()]
            data["answers"] = labels
        blank = bool(data.get("blank"))
        if data.get("kind") == QuestionKind.JUDGMENT and blank:
            self.add_error("blank", _("Majority judgment grades every answer: no blank vote."))
        count = len(labels) + (1 if blank else 0)
        if not MIN_ANSWERS <= count <= MAX_ANSWERS and "answers" not in self.errors:
            self.add_error(
                "answers",
                _("Give between %(min)d and %(max)d answers (the blank vote included).")
                % {"min": MIN_ANSWERS, "max": MAX_ANSWERS},
            )
        knows_population = data.get("eligible_population") or data.get("census_required")
        if data.get("quorum_percent") is not None and not (
            knows_population or data.get("codes_allowed")
        ):
            self.add_error(
                "quorum_percent",
                _("A quorum needs the eligible population: give it, or hand out codes."),
            )
        return data

    def save(self, commit: bool = True) -> Any:
        if self.voted:  # the answers are frozen: keep them as they are
            settings_save(settings=self.instance, answers=None, blank=False)
            return None
        settings_save(
            settings=self.instance,
            answers=self.cleaned_data["answers"],
            blank=self.cleaned_data["blank"],
        )
        return None


def votation_summary(step: Step) -> str:
    """One line for the timeline: "Choose one answer, 3 answers, absolute majority, quorum 25 %"."""
    settings = settings_or_defaults(step)
    parts: list[Any] = [QuestionKind(settings.kind).label]
    if settings.pk:
        parts.append(_("%(count)d answers") % {"count": len(answers_of(settings))})
    parts.append(Majority(settings.majority).label)
    if settings.quorum_percent is not None:
        parts.append(_("quorum %(percent)d %%") % {"percent": settings.quorum_percent})
    if settings.census_required:
        parts.append(_("census codes"))
    if settings.codes_allowed:
        parts.append(_("voting codes"))
    return ", ".join(str(part) for part in parts)
