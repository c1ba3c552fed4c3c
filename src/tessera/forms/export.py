"""A form's replies as rows for a spreadsheet: one row per reply, columns in question order,
one 0/1 column per option of a multiple choice plus the "other" text (DESIGN.md, issue 13).
Rows are produced a chunk of replies at a time: memory stays flat whatever their number."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from tessera.forms.models import Answer, Form, OptionRole, Question, QuestionType, Reply

CHUNK = 2000
Cell = Callable[[dict[int, list["Value"]]], Any]


@dataclass(frozen=True)
class Column:
    title: str
    cell: Cell  # the question's answers of one reply → the cell


def columns(questions: list[Question], grades: dict[int, str]) -> list[Column]:
    result: list[Column] = []
    for number, question in enumerate(questions, start=1):
        result += _question_columns(number, question, grades)
    return result


def _first(question: Question, read: Callable[[Value], Any]) -> Cell:
    return lambda answers: read(answers[question.pk][0]) if answers.get(question.pk) else ""


def _question_columns(number: int, question: Question, grades: dict[int, str]) -> list[Column]:
    title = f"Q{number} {question.label}"
    options = [o for o in question.options.all() if o.role != OptionRole.COLUMN]
    labels = {o.pk: o.label for o in question.options.all()}
    kind = question.type
    other = [Column(f"{title}: {_('other')}", _other(question))] if question.has_other else []
    if kind == QuestionType.MULTIPLE_CHOICE:
        return [Column(f"{title}: {o.label}", _chosen(question, o.pk)) for o in options] + other
    if kind == QuestionType.SINGLE_CHOICE:
        return [Column(title, _first(question, lambda a: labels.get(a.option_id or 0, ""))), *other]
    if kind in {QuestionType.RANKING, QuestionType.MAJORITY_JUDGMENT, QuestionType.MATRIX}:
        return [
            Column(f"{title}: {o.label}", _per_option(question, o.pk, labels, grades))
            for o in options
        ]
    if kind in {QuestionType.NUMBER, QuestionType.SCALE}:
        return [
            Column(
                title,
                _first(question, lambda a: a.number.normalize() if a.number is not None else ""),
            )
        ]
    if kind == QuestionType.YES_NO:
        return [Column(title, _first(question, lambda a: int(a.number or 0)))]
    if kind == QuestionType.DATE:
        return [Column(title, _first(question, lambda a: a.date.isoformat() if a.date else ""))]
    if kind == QuestionType.FILE:
        return [Column(title, _first(question, lambda a: a.file))]
    return [Column(title, _first(question, lambda a: a.text))]


def _chosen(question: Question, option: int) -> Cell:
    return lambda answers: int(any(a.option_id == option for a in answers.get(question.pk, ())))


def _other(question: Question) -> Cell:
    return lambda answers: next(
        (a.text for a in answers.get(question.pk, ()) if a.option_id is None), ""
    )


def _per_option(
    question: Question, option: int, labels: dict[int, str], grades: dict[int, str]
) -> Cell:
    def cell(answers: dict[int, list[Value]]) -> Any:
        mine = [a for a in answers.get(question.pk, ()) if a.option_id == option]
        if question.type == QuestionType.MATRIX:
            return " | ".join(labels.get(a.column_id or 0, "") for a in mine)
        if question.type == QuestionType.MAJORITY_JUDGMENT:
            return grades.get(mine[0].rank or 0, "") if mine else ""
        return mine[0].rank if mine else ""

    return cell


class Value(NamedTuple):
    """One answer as read for the export: plain values, no model instance (a reply of 30
    questions has ~35 of them; building ORM objects cost most of the export's time)."""

    option_id: int | None
    column_id: int | None
    text: str
    number: Decimal | None
    date: datetime.date | None
    rank: int | None
    file: str


FIELDS = ("question_id", "option_id", "column_id", "text", "number", "date", "rank", "file")


def reply_rows(
    form: Form, questions: list[Question], grades: dict[int, str]
) -> Iterator[list[Any]]:
    """The header, then one row per submitted reply (number, day, then the columns): a chunk
    of replies at a time, two queries per chunk."""
    table = columns(questions, grades)
    yield [_("reply"), _("date"), *(column.title for column in table)]
    replies = (
        Reply.objects.filter(form=form, is_draft=False)
        # In the order given; anonymous replies have only their day, then a random key.
        .order_by("submitted_on", "updated_at", "pk")
        .values_list("pk", "submitted_on")
    )
    number = 0
    for chunk in _chunks(replies.iterator(chunk_size=CHUNK)):
        answers: dict[int, dict[int, list[Value]]] = {pk: {} for pk, _day in chunk}
        rows = Answer.objects.filter(reply_id__in=list(answers)).order_by("pk")
        for reply_id, question_id, *values in rows.values_list("reply_id", *FIELDS):
            answers[reply_id].setdefault(question_id, []).append(Value(*values))
        for pk, day in chunk:
            number += 1
            mine = answers[pk]
            yield [number, day.isoformat() if day else "", *(column.cell(mine) for column in table)]


def _chunks(rows: Iterator[tuple[int, Any]]) -> Iterator[list[tuple[int, Any]]]:
    chunk: list[tuple[int, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
