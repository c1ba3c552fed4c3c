"""Writes of the form engine: a reply's answers from clean values."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction

from tessera.forms.models import Answer, Question, Reply
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
