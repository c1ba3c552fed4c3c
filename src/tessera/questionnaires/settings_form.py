"""The questionnaire step's settings in the back office's timeline editor (processes.kinds
StepSettings): who answers, how many times, drafts, anonymity, public results."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tessera.processes.models import Step
from tessera.questionnaires.models import Audience, QuestionnaireSettings
from tessera.questionnaires.selectors import settings_for
from tessera.questionnaires.services import settings_save


def settings_or_defaults(step: Step) -> QuestionnaireSettings:
    return settings_for(step) or QuestionnaireSettings(
        step=step, organization_id=step.organization_id
    )


class QuestionnaireSettingsForm(forms.ModelForm[QuestionnaireSettings]):
    class Meta:
        model = QuestionnaireSettings
        fields = ["audience", "one_reply", "editable", "drafts", "anonymous", "results_public"]
        widgets = {"audience": forms.RadioSelect}
        help_texts = {
            "one_reply": gettext_lazy("Otherwise a person may reply several times."),
            "editable": gettext_lazy("With one reply per person, not anonymous."),
            "drafts": gettext_lazy("People logged in keep an unfinished reply; not anonymous."),
            "anonymous": gettext_lazy(
                "The reply is stored without its author, time or address: nobody, not even "
                "staff, can tell who answered what."
            ),
        }

    def __init__(self, data: Any = None, files: Any = None, *, step: Step, user: Any) -> None:
        super().__init__(data, files, instance=settings_or_defaults(step))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("audience") == Audience.ANYONE:
            if data.get("one_reply"):
                self.add_error(
                    "one_reply",
                    _("Without an account nobody can be kept to one reply: allow several."),
                )
            if data.get("drafts"):
                self.add_error("drafts", _("Drafts need an account: untick them or ask one."))
        if data.get("editable") and not data.get("one_reply"):
            self.add_error("editable", _("Only a single reply per person can be changed."))
        if data.get("anonymous"):
            for name in ("editable", "drafts"):
                if data.get(name):
                    self.add_error(
                        name, _("An anonymous reply is linked to nobody: it cannot come back.")
                    )
        return data

    def save(self, commit: bool = True) -> Any:
        settings_save(settings=self.instance)
        return None


def questionnaire_summary(step: Step) -> str:
    """One line for the timeline: "Verified people, one reply each, anonymous, 12 questions"."""
    settings = settings_or_defaults(step)
    parts = [
        Audience(settings.audience).label,
        _("one reply each") if settings.one_reply else _("several replies"),
    ]
    if settings.editable:
        parts.append(_("changeable until the close"))
    if settings.drafts:
        parts.append(_("drafts"))
    if settings.anonymous:
        parts.append(_("anonymous"))
    parts.append(
        _("results public after the close") if settings.results_public else _("results for staff")
    )
    if settings.form_id:
        count = settings.form.questions.count()
        parts.append(_("%(count)s questions") % {"count": count})
    return ", ".join(str(part) for part in parts)
