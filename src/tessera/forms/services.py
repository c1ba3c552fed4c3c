"""Writes of the form engine: a reply's answers from clean values."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from tessera.forms.models import Answer, Condition, Form, Option, Question, Reply, Section
from tessera.forms.spec import Choices, FileValue, Value


def answers_for(
    reply: Reply, values: Mapping[int, Value], kinds: Mapping[int, str]
) -> list[Answer]:
    """Unsaved answer rows for the values (one row per chosen option, ranked or graded option,
    matrix cell). `kinds`: question id → type, to tell a matrix from a majority judgment."""
    rows: list[Answer] = []
    for question_id, value in values.items():
        rows += _rows(question_id, value, kinds[question_id])
    for row in rows:
        row.reply = reply
        row.organization_id = reply.organization_id
    return rows


def _rows(question: int, value: Value, kind: str) -> list[Answer]:
    if isinstance(value, Choices):
        rows = [Answer(question_id=question, option_id=option) for option in sorted(value.options)]
        if value.other:
            rows.append(Answer(question_id=question, text=value.other))
        return rows
    if isinstance(value, bool):
        return [Answer(question_id=question, number=Decimal(int(value)))]
    if isinstance(value, Decimal):
        return [Answer(question_id=question, number=value)]
    if isinstance(value, datetime.date):
        return [Answer(question_id=question, date=value)]
    if isinstance(value, FileValue):
        return [Answer(question_id=question, file=value.name)]
    if isinstance(value, str):
        return [Answer(question_id=question, text=value)]
    if isinstance(value, tuple):
        return [
            Answer(question_id=question, option_id=option, rank=rank)
            for rank, option in enumerate(value, start=1)
        ]
    if kind == "matrix":
        return [
            Answer(question_id=question, option_id=row, column_id=column)
            for row, columns in value.items()
            for column in sorted(columns)  # type: ignore[arg-type]
        ]
    return [
        Answer(question_id=question, option_id=option, rank=grade)
        for option, grade in value.items()
        if isinstance(grade, int)
    ]


def reply_answers_replace(
    *, reply: Reply, values: Mapping[int, Value], kinds: Mapping[int, str]
) -> None:
    """Replace a reply's answers by these values (a draft saved again, a reply edited)."""
    with transaction.atomic():
        Answer.objects.filter(reply=reply).delete()
        Answer.objects.bulk_create(answers_for(reply, values, kinds))


def kinds_of(questions: Iterable[Question]) -> dict[int, str]:
    return {question.pk: question.type for question in questions}


def form_copy(form: Form) -> Form:
    """A copy of a form, its sections, questions, options and conditions (the next edition of
    a process); never its replies, nor what staff removed."""
    with transaction.atomic():
        copy = Form.objects.create(organization_id=form.organization_id, title=form.title)
        # Keyed by the original's id, read before _clone gives the row its new one.
        sections = {
            section.pk: _clone(section, form=copy)
            for section in list(Section.objects.filter(form=form, removed=False))
        }
        questions: dict[int, Question] = {}
        kept = Question.objects.filter(form=form, removed=False, section__removed=False)
        for question in kept.order_by("pk"):
            original = question.pk
            questions[original] = _clone(question, form=copy, section=sections[question.section_id])
        options: dict[int, Option] = {}
        for option in Option.objects.filter(question__in=kept, removed=False).order_by("pk"):
            original = option.pk
            options[original] = _clone(option, question=questions[option.question_id])
        for condition in Condition.objects.filter(question__in=kept).order_by("pk"):
            _clone(
                condition,
                question=questions[condition.question_id],
                source=questions[condition.source_id],
                option=options.get(condition.option_id) if condition.option_id else None,
            )
    return copy


def _clone(row: Any, **changes: Any) -> Any:
    row.pk = None
    row._state.adding = True
    for name, value in changes.items():
        setattr(row, name, value)
    row.save()
    return row
