"""Reads of the form engine: a form's questions in order, as rows and as plain specs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Prefetch

from tessera.forms import spec
from tessera.forms.models import (
    Answer,
    Condition,
    Form,
    Option,
    OptionRole,
    Question,
    QuestionType,
    Reply,
    Section,
)
from tessera.forms.spec import Choices, ConditionSpec, FileValue, QuestionSpec, Value


def sections_of(form: Form) -> list[Section]:
    """The form's sections in order, each with its questions, options and conditions (not
    the ones staff removed): a fixed number of queries whatever the form's size."""
    questions = (
        Question.objects.filter(removed=False)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "options", queryset=Option.objects.filter(removed=False).order_by("position", "pk")
            ),
            Prefetch("conditions", queryset=Condition.objects.order_by("pk")),
        )
    )
    return list(
        Section.objects.filter(form=form, removed=False)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )


def exported_questions(form: Form) -> list[Question]:
    """Every question of the form in order with all its options, the removed ones included
    (`removed` is then true): what the exports show, so answers given before a removal stay
    readable."""
    questions = list(
        Question.objects.filter(form=form)
        .select_related("section")
        .order_by("section__position", "section__pk", "position", "pk")
        .prefetch_related(
            Prefetch("options", queryset=Option.objects.order_by("position", "pk")),
            Prefetch("conditions", queryset=Condition.objects.order_by("pk")),
        )
    )
    for question in questions:
        question.removed = question.removed or question.section.removed
    return questions


def questions_in_order(sections: Iterable[Section]) -> list[Question]:
    return [question for section in sections for question in section.questions.all()]


def question_spec(question: Question) -> QuestionSpec:
    options = list(question.options.all())
    return QuestionSpec(
        id=question.pk,
        type=question.type,
        required=question.required,
        options=tuple(o.pk for o in options if o.role != OptionRole.COLUMN),
        columns=tuple(o.pk for o in options if o.role == OptionRole.COLUMN),
        has_other=question.has_other,
        min_choices=question.min_choices,
        max_choices=question.max_choices,
        scale_max=question.scale_max,
        number_min=question.number_min,
        number_max=question.number_max,
        matrix_multiple=question.matrix_multiple,
        conditions=tuple(
            ConditionSpec(c.source_id, c.operator, c.option_id, c.value)
            for c in question.conditions.all()
        ),
        condition_mode=question.condition_mode,
    )


def specs_of(questions: Iterable[Question]) -> list[QuestionSpec]:
    return [question_spec(question) for question in questions]


def reply_values(reply: Reply, questions: Iterable[Question]) -> dict[int, Value]:
    """A stored reply's values, as `validation` gives them, to fill the page again."""
    types = {question.pk: question.type for question in questions}
    rows: dict[int, list[Answer]] = defaultdict(list)
    for answer in Answer.objects.filter(reply=reply).order_by("pk"):
        rows[answer.question_id].append(answer)
    values = {}
    for question_id, answers in rows.items():
        if question_id in types:
            values[question_id] = _value(types[question_id], answers)
    return values


def _value(kind: str, answers: list[Answer]) -> Value:
    first = answers[0]
    if kind in spec.CHOICE_TYPES:
        other = next((a.text for a in answers if a.option_id is None), "")
        return Choices(frozenset(a.option_id for a in answers if a.option_id), other)
    if kind == QuestionType.RANKING:
        return tuple(a.option_id for a in sorted(answers, key=lambda a: a.rank or 0) if a.option_id)
    if kind == QuestionType.MAJORITY_JUDGMENT:
        return {a.option_id: a.rank or 0 for a in answers if a.option_id}
    if kind == QuestionType.MATRIX:
        matrix: dict[int, set[int]] = defaultdict(set)
        for a in answers:
            if a.option_id and a.column_id:
                matrix[a.option_id].add(a.column_id)
        return {row: frozenset(columns) for row, columns in matrix.items()}
    if kind == QuestionType.YES_NO:
        return first.number == 1
    if kind in {QuestionType.SCALE, QuestionType.NUMBER}:
        return Decimal(first.number or 0).normalize()
    if kind == QuestionType.DATE and first.date:
        return first.date
    if kind == QuestionType.FILE:
        return FileValue(first.file.name or "")
    return first.text
