"""A form's replies as rows for a spreadsheet: one row per reply, columns in question order,
one 0/1 column per option of a multiple choice plus the "other" text (DESIGN.md, issue 13),
and a codebook that says what each column holds.

Each answer goes straight to its cell: before reading, every (question, option, column) an
answer can carry is given its column and either its cell (a 0/1 flag, an option's label) or
the field its cell is read from (a text, a number, a rank). The answers are read in the
replies' order as plain tuples through a server-side cursor: memory stays flat, and the Python
work is one dictionary look-up per answer. Building each reply's answers as objects and
asking every column for its cell ran at ~1,000 rows per second; a pivot in SQL (one
conditional aggregate per column) at ~2,700 (docs/performance.md).

Questions and options removed after replies existed are kept (`removed`) and exported in their
place: their answers stay readable, and the codebook says they are gone from the form.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tessera.forms.models import Form, Option, OptionRole, Question, QuestionType, Reply

CHUNK = 10_000  # answers read at a time
# Where a cell is read from, when the answer's option does not say it all.
TEXT, NUMBER, YES_NO, DATE, RANK, GRADE, FILE = range(7)
FIELDS = (
    "question_id",
    "option_id",
    "column_id",
    "text",
    "number",
    "date",
    "rank",
    "file",
)


@dataclass(frozen=True)
class Column:
    title: str
    question: Question
    number: str  # "Q3", or "" for a removed question
    meaning: str  # the codebook's "what the cell holds"


@dataclass
class Layout:
    """The columns, and where each possible answer lands."""

    columns: list[Column] = field(default_factory=list)
    empty: list[Any] = field(default_factory=list)  # a reply without answers
    # (question, option, column) → (column index, the cell)
    cells: dict[tuple[int, int | None, int | None], tuple[int, Any]] = field(default_factory=dict)
    # (question, option) → (column index, where the cell is read from)
    reads: dict[tuple[int, int | None], tuple[int, int]] = field(default_factory=dict)

    def add(self, column: Column, empty: Any = "") -> int:
        self.columns.append(column)
        self.empty.append(empty)
        return len(self.columns) - 1


def layout(questions: Sequence[Question], grades: dict[int, str]) -> Layout:
    """The columns of the questions in order (removed ones included, unnumbered)."""
    result = Layout()
    number = 0
    for question in questions:
        removed = getattr(question, "removed", False)
        if not removed:
            number += 1
        tag = "" if removed else f"Q{number}"
        title = f"{tag} {question.label}" if tag else f"({_('removed')}) {question.label}"
        _question_columns(result, question, tag, title, grades)
    return result


def _question_columns(
    layout: Layout, question: Question, tag: str, title: str, grades: dict[int, str]
) -> None:
    options: list[Option] = list(question.options.all())
    choices = [o for o in options if o.role != OptionRole.COLUMN]
    matrix_columns = [o for o in options if o.role == OptionRole.COLUMN]
    q, kind = question.pk, question.type

    def add(heading: str, meaning: str, empty: Any = "") -> int:
        return layout.add(Column(heading, question, tag, meaning), empty)

    if kind == QuestionType.MULTIPLE_CHOICE:
        for o in choices:
            meaning = _("1 if “%(option)s” was chosen, else 0") % {"option": o.label}
            layout.cells[q, o.pk, None] = (add(f"{title}: {o.label}", meaning, 0), 1)
    elif kind == QuestionType.SINGLE_CHOICE:
        index = add(
            title,
            _("the option chosen: %(options)s") % {"options": _quoted([o.label for o in choices])},
        )
        for o in choices:
            layout.cells[q, o.pk, None] = (index, o.label)
    elif kind in {QuestionType.RANKING, QuestionType.MAJORITY_JUDGMENT}:
        scale = _quoted([grades[g] for g in sorted(grades, reverse=True)])
        for o in choices:
            if kind == QuestionType.RANKING:
                meaning = _("the rank given to “%(option)s” (1 = first)") % {"option": o.label}
            else:
                meaning = _("the grade given to “%(option)s”: %(grades)s") % {
                    "option": o.label,
                    "grades": scale,
                }
            read = RANK if kind == QuestionType.RANKING else GRADE
            layout.reads[q, o.pk] = (add(f"{title}: {o.label}", meaning), read)
    elif kind == QuestionType.MATRIX and question.matrix_multiple:
        for row in choices:
            for c in matrix_columns:
                meaning = _("1 if “%(column)s” was chosen for “%(row)s”, else 0") % {
                    "column": c.label,
                    "row": row.label,
                }
                layout.cells[q, row.pk, c.pk] = (
                    add(f"{title}: {row.label}: {c.label}", meaning, 0),
                    1,
                )
    elif kind == QuestionType.MATRIX:
        labels = _quoted([c.label for c in matrix_columns])
        for row in choices:
            meaning = _("the column chosen for “%(row)s”: %(columns)s") % {
                "row": row.label,
                "columns": labels,
            }
            index = add(f"{title}: {row.label}", meaning)
            for c in matrix_columns:
                layout.cells[q, row.pk, c.pk] = (index, c.label)
    else:
        layout.reads[q, None] = (add(title, _meaning(question)), _READS.get(kind, TEXT))
    if question.has_other and kind in {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE}:
        meaning = _("the text typed for “other, please specify”")
        layout.reads[q, None] = (add(f"{title}: {_('other')}", meaning), TEXT)


_READS: dict[str, int] = {
    QuestionType.NUMBER: NUMBER,
    QuestionType.SCALE: NUMBER,
    QuestionType.YES_NO: YES_NO,
    QuestionType.DATE: DATE,
    QuestionType.FILE: FILE,
}


def _quoted(labels: Sequence[str]) -> str:
    return " | ".join(labels)


def _meaning(question: Question) -> str:
    kind = question.type
    if kind == QuestionType.SCALE:
        return _("a grade from 1 (%(low)s) to %(top)s (%(high)s)") % {
            "low": question.scale_min_label or "1",
            "top": question.scale_max,
            "high": question.scale_max_label or question.scale_max,
        }
    if kind == QuestionType.NUMBER:
        return _("a number")
    if kind == QuestionType.YES_NO:
        return _("1 = yes, 0 = no")
    if kind == QuestionType.DATE:
        return _("a date (year-month-day)")
    if kind == QuestionType.FILE:
        return _("the name of the file stored (managers download it from the reply)")
    return _("the text typed")


def reply_rows(
    form: Form, questions: Sequence[Question], grades: dict[int, str]
) -> Iterator[list[Any]]:
    """The header, then one row per submitted reply (number, day, then the columns). One
    query: the replies in the order given, each followed by its answers (none for a reply
    that answered nothing), read through a server-side cursor a chunk at a time."""
    table = layout(questions, grades)
    yield [_("reply"), _("date"), *(column.title for column in table.columns)]
    rows = (
        Reply.objects.filter(form=form, is_draft=False)
        # In the order given; anonymous replies have only their day, then a random key.
        .order_by("submitted_on", "updated_at", "pk")
        .values_list("pk", "submitted_on", *(f"answers__{name}" for name in FIELDS))
    )
    cells, reads, empty = table.cells, table.reads, table.empty
    row: list[Any] = []
    current, number = None, 0
    # The one loop over every answer: kept to a look-up and an assignment (+ 2: the reply's
    # number and day come first).
    for (
        pk,
        day,
        question_id,
        option_id,
        column_id,
        text,
        value,
        date,
        rank,
        upload,
    ) in rows.iterator(chunk_size=CHUNK):
        if pk != current:
            if row:
                yield row
            current, number = pk, number + 1
            row = [number, day or "", *empty]
        cell = cells.get((question_id, option_id, column_id))
        if cell is not None:
            row[cell[0] + 2] = cell[1]
            continue
        read = reads.get((question_id, option_id))
        if read is None:
            continue  # no answer, or one to an option deleted with its answers
        index, source = read
        if source == TEXT:
            row[index + 2] = text
        elif source == NUMBER:
            row[index + 2] = "" if value is None else value.normalize()
        elif source == YES_NO:
            row[index + 2] = "" if value is None else int(value)
        elif source == DATE:
            row[index + 2] = date or ""
        elif source == RANK:
            row[index + 2] = "" if rank is None else rank
        elif source == GRADE:
            row[index + 2] = grades.get(rank, "")
        else:
            row[index + 2] = upload
    if row:
        yield row


def codebook_rows(questions: Sequence[Question], grades: dict[int, str]) -> Iterator[list[Any]]:
    """One row per column of the replies: which question, of what type, what the cell holds,
    and why it may be empty (a condition) or gone from the form."""
    yield [_("column"), _("question"), _("type"), _("what the cell holds"), _("note")]
    yield [_("reply"), "", "", _("the reply's number, in the order given"), ""]
    yield [_("date"), "", "", _("the day of the reply (year-month-day)"), ""]
    for column in layout(questions, grades).columns:
        question = column.question
        notes = []
        if getattr(question, "removed", False):
            notes.append(_("removed from the form: answers given before are kept"))
        if question.conditions.all():
            notes.append(_("asked only when its condition holds: empty for the others"))
        elif not question.required:
            notes.append(_("optional: empty when not answered"))
        yield [
            column.title,
            column.number,
            question.get_type_display(),
            column.meaning,
            "; ".join(notes),
        ]
