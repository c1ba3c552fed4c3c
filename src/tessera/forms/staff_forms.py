"""The forms staff fill to build a form (sections, questions and their options, conditions).
Named apart from Django's `forms` to keep the two apart when reading."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tessera.forms.building import OptionLines
from tessera.forms.models import Operator, Option, OptionRole, Question, QuestionType, Section

MAX_OPTIONS = 60


class SectionForm(forms.ModelForm[Section]):
    class Meta:
        model = Section
        fields = ["title", "description"]
        help_texts = {"description": gettext_lazy("Shown above the section's questions.")}


def _lines(text: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for line in text.splitlines():
        if line.strip():
            seen[line.strip()[:300]] = None
    return tuple(seen)


class QuestionForm(forms.ModelForm[Question]):
    # Declared here: the ModelForm's own field would build its queryset when the class is
    # made, outside any organisation's scope (the real one is set in __init__).
    section = forms.ModelChoiceField(
        queryset=Section.objects.none(), label=gettext_lazy("section"), empty_label=None
    )
    options_text = forms.CharField(
        label=gettext_lazy("Answers offered (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "For a choice, ranking or majority judgment question; a matrix's rows. An answer "
            "keeps its replies while its text stays the same."
        ),
    )
    columns_text = forms.CharField(
        label=gettext_lazy("Matrix columns (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Delete the replies' answers to the answers removed"),
        required=False,
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "type",
            "label",
            "help_text",
            "required",
            "as_list",
            "has_other",
            "min_choices",
            "max_choices",
            "random_order",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "number_min",
            "number_max",
            "matrix_multiple",
            "condition_mode",
        ]
        widgets = {
            "help_text": forms.Textarea(attrs={"rows": 2}),
            "condition_mode": forms.RadioSelect,
        }

    def __init__(self, *args: Any, form: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sections = Section.objects.filter(form=form).order_by("position", "pk")
        self.fields["section"].queryset = sections  # type: ignore[attr-defined]
        if self.instance.pk:
            options = list(self.instance.options.all())
            self.initial["options_text"] = "\n".join(
                o.label for o in options if o.role != OptionRole.COLUMN
            )
            self.initial["columns_text"] = "\n".join(
                o.label for o in options if o.role == OptionRole.COLUMN
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("type")
        choices = _lines(data.get("options_text") or "")
        columns = _lines(data.get("columns_text") or "")
        needs_options = kind in {
            QuestionType.SINGLE_CHOICE,
            QuestionType.MULTIPLE_CHOICE,
            QuestionType.RANKING,
            QuestionType.MAJORITY_JUDGMENT,
            QuestionType.MATRIX,
        }
        if needs_options and len(choices) < (1 if kind == QuestionType.MATRIX else 2):
            self.add_error("options_text", _("Give at least two answers, one per line."))
        if kind == QuestionType.MATRIX and len(columns) < 2:
            self.add_error("columns_text", _("Give at least two columns, one per line."))
        if len(choices) > MAX_OPTIONS or len(columns) > MAX_OPTIONS:
            self.add_error("options_text", _("At most %(count)s answers.") % {"count": MAX_OPTIONS})
        low, high = data.get("min_choices"), data.get("max_choices")
        if low is not None and high is not None and high < low:
            self.add_error("max_choices", _("The maximum must be at least the minimum."))
        low, high = data.get("number_min"), data.get("number_max")
        if low is not None and high is not None and high < low:
            self.add_error("number_max", _("The maximum must be at least the minimum."))
        self.lines = OptionLines(
            choices if needs_options else (), columns if kind == QuestionType.MATRIX else ()
        )
        return data


class ConditionForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=Question.objects.none(), label=gettext_lazy("Show this question if")
    )
    operator = forms.ChoiceField(choices=Operator.choices, label=gettext_lazy("condition"))
    option = forms.ModelChoiceField(
        queryset=Option.objects.none(),
        required=False,
        label=gettext_lazy("answer"),
        help_text=gettext_lazy("For a choice question."),
    )
    value = forms.CharField(
        required=False,
        max_length=200,
        label=gettext_lazy("value"),
        help_text=gettext_lazy(
            "For another question: yes or no, a number, a date (2026-12-31), a text."
        ),
    )

    def __init__(
        self, *args: Any, question: Question, earlier: list[Question], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["source"].queryset = Question.objects.filter(pk__in=[q.pk for q in earlier])  # type: ignore[attr-defined]
        self.fields["source"].label_from_instance = lambda q: q.label  # type: ignore[attr-defined]
        self.fields["option"].queryset = Option.objects.filter(  # type: ignore[attr-defined]
            question__in=[q.pk for q in earlier], role=OptionRole.CHOICE
        ).select_related("question")
        self.fields["option"].label_from_instance = (  # type: ignore[attr-defined]
            lambda o: f"{o.question.label} — {o.label}"
        )
