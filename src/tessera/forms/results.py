"""What a form's replies say, per question: counts and percentages (each option counted on its
own: a multiple choice adds up to more than its respondents, never to combinations), the
mean of numbers and scales, the mean rank, a matrix's cells, a few texts. A fixed number of
queries whatever the number of replies."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Max, Min, QuerySet
from django.utils.translation import gettext as _

from tessera.forms.majority import majority_ranking
from tessera.forms.models import Answer, Form, OptionRole, Question, QuestionType, Reply

TEXTS_SHOWN = 20
COUNTED = {
    QuestionType.SINGLE_CHOICE,
    QuestionType.MULTIPLE_CHOICE,
    QuestionType.SCALE,
    QuestionType.YES_NO,
    QuestionType.MATRIX,
    QuestionType.MAJORITY_JUDGMENT,
}


@dataclass
class Bar:
    label: str
    count: int
    percent: float
    mean_rank: float | None = None


@dataclass
class QuestionResult:
    question: Question
    respondents: int = 0
    bars: list[Bar] = field(default_factory=list)
    # A matrix's rows (or a majority judgment's options), each with its own bars.
    rows: list[tuple[str, list[Bar]]] = field(default_factory=list)
    mean: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    texts: list[str] = field(default_factory=list)
    # Majority judgment: (option, its majority grade's label, its rank), best first.
    judgment: list[tuple[str, str, int]] = field(default_factory=list)


def submitted(
    form: Form, questions: list[Question], replies: QuerySet[Reply] | None = None
) -> QuerySet[Answer]:
    """The answers of the submitted replies, read by question (no join with the replies: the
    few drafts are left out by their keys), or of the `replies` a cross-filter kept."""
    answers = Answer.objects.filter(question_id__in=[q.pk for q in questions])
    if replies is not None:
        return answers.filter(reply_id__in=replies.values("pk"))
    drafts = list(Reply.objects.filter(form=form, is_draft=True).values_list("pk", flat=True))
    return answers.exclude(reply_id__in=drafts) if drafts else answers


def filtered_replies(form: Form, district: int | None, answer: tuple[int, int] | None) -> Any:
    """The submitted replies of a district, or that chose an option (question, option): the
    results' cross-filters. None when nothing is filtered."""
    if district is None and answer is None:
        return None
    replies = Reply.objects.filter(form=form, is_draft=False)
    if district is not None:
        replies = replies.filter(district_id=district)
    if answer is not None:
        chose = Answer.objects.filter(question_id=answer[0], option_id=answer[1])
        replies = replies.filter(pk__in=chose.values("reply_id"))
    return replies


def _of(questions: list[Question], *types: str) -> list[int]:
    return [q.pk for q in questions if q.type in types]


def form_results(
    form: Form,
    questions: list[Question],
    grades: list[tuple[int, str]],
    replies: QuerySet[Reply] | None = None,
) -> list[QuestionResult]:
    """The results of each question, in order. `grades`: majority judgment's (grade, label);
    `replies`: only these (a cross-filter)."""
    answers = submitted(form, questions, replies)
    respondents = dict(
        answers.values("question_id")
        .annotate(n=Count("reply_id", distinct=True))
        .values_list("question_id", "n")
    )
    # Each of these rows is one reply's (a reply chooses an option, grades it or fills a
    # matrix cell once): counting rows counts replies, without DISTINCT.
    cells: dict[int, dict[tuple[Any, ...], int]] = defaultdict(dict)
    for row in (
        answers.filter(question_id__in=_of(questions, *COUNTED))
        .values("question_id", "option_id", "column_id", "rank", "number")
        .annotate(n=Count("id"))
    ):
        key = (row["option_id"], row["column_id"], row["rank"], row["number"])
        cells[row["question_id"]][key] = row["n"]
    others = dict(
        answers.filter(
            option__isnull=True,
            question_id__in=_of(
                questions, QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE
            ),
        )
        .exclude(text="")
        .values("question_id")
        .annotate(n=Count("id"))
        .values_list("question_id", "n")
    )
    numbers = {
        row["question_id"]: row
        for row in answers.filter(
            question_id__in=_of(questions, QuestionType.NUMBER, QuestionType.SCALE)
        )
        .values("question_id")
        .annotate(mean=Avg("number"), low=Min("number"), high=Max("number"))
    }
    ranks = {
        (row["question_id"], row["option_id"]): row["mean"]
        for row in answers.filter(question_id__in=_of(questions, QuestionType.RANKING))
        .values("question_id", "option_id")
        .annotate(mean=Avg("rank"))
    }
    results = []
    for question in questions:
        result = QuestionResult(question, respondents.get(question.pk, 0))
        _fill(result, cells[question.pk], others.get(question.pk, 0), grades)
        if question.pk in numbers:
            stats = numbers[question.pk]
            result.mean, result.low, result.high = stats["mean"], stats["low"], stats["high"]
        if question.type == QuestionType.RANKING:
            result.bars = [
                Bar(o.label, 0, 0.0, float(ranks.get((question.pk, o.pk)) or 0))
                for o in question.options.all()
            ]
        results.append(result)
    _texts(answers, results)
    return results


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def _fill(
    result: QuestionResult,
    cells: dict[tuple[Any, ...], int],
    other: int,
    grades: list[tuple[int, str]],
) -> None:
    question, total = result.question, result.respondents
    options = [o for o in question.options.all() if o.role != OptionRole.COLUMN]
    if question.type in {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE}:
        counts = {key[0]: n for key, n in cells.items()}
        result.bars = [
            Bar(o.label, counts.get(o.pk, 0), _percent(counts.get(o.pk, 0), total)) for o in options
        ]
        if question.has_other:
            result.bars.append(Bar(str(_other_label()), other, _percent(other, total)))
    elif question.type in {QuestionType.SCALE, QuestionType.YES_NO}:
        counts = {int(key[3]): n for key, n in cells.items() if key[3] is not None}
        values = range(question.scale_max, 0, -1) if question.type == QuestionType.SCALE else (1, 0)
        result.bars = [
            Bar(
                _value_label(question, value),
                counts.get(value, 0),
                _percent(counts.get(value, 0), total),
            )
            for value in values
        ]
    elif question.type == QuestionType.MATRIX:
        columns = [o for o in question.options.all() if o.role == OptionRole.COLUMN]
        for row in options:
            answered = sum(n for key, n in cells.items() if key[0] == row.pk)
            result.rows.append(
                (
                    row.label,
                    [
                        Bar(
                            c.label,
                            cells.get((row.pk, c.pk, None, None), 0),
                            _percent(cells.get((row.pk, c.pk, None, None), 0), answered),
                        )
                        for c in columns
                    ],
                )
            )
    elif question.type == QuestionType.MAJORITY_JUDGMENT:
        labels = dict(grades)
        graded_counts = {
            row.pk: [cells.get((row.pk, None, grade, None), 0) for grade in sorted(labels)]
            for row in options
        }
        names = {row.pk: row.label for row in options}
        result.judgment = [
            (names[j.option], labels[j.median] if j.median is not None else "", j.rank)
            for j in majority_ranking(graded_counts, total)
        ]
        for row in options:
            graded = sum(n for key, n in cells.items() if key[0] == row.pk)
            result.rows.append(
                (
                    row.label,
                    [
                        Bar(
                            label,
                            cells.get((row.pk, None, grade, None), 0),
                            _percent(cells.get((row.pk, None, grade, None), 0), graded),
                        )
                        for grade, label in grades
                    ],
                )
            )


def _value_label(question: Question, value: int) -> str:
    if question.type == QuestionType.YES_NO:
        return _("Yes") if value else _("No")
    return str(value)


def _other_label() -> str:
    return _("Other")


def texts_of(
    question: Question, search: str = "", replies: QuerySet[Reply] | None = None
) -> QuerySet[Answer]:
    """The texts a question received (its "other" texts for a choice question), latest first,
    those containing `search` if given."""
    answers = submitted(question.form, [question], replies).exclude(text="")
    if question.type in {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE}:
        answers = answers.filter(option__isnull=True)
    if search:
        answers = answers.filter(text__icontains=search)
    return answers.order_by("-pk")


def _texts(answers: QuerySet[Answer], results: list[QuestionResult]) -> None:
    """The latest texts of each free-text question (one query each: bounded by the form)."""
    for result in results:
        if result.question.type in {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}:
            result.texts = list(
                answers.filter(question=result.question)
                .exclude(text="")
                .order_by("-pk")
                .values_list("text", flat=True)[:TEXTS_SHOWN]
            )


def reply_count(form: Form, replies: QuerySet[Reply] | None = None) -> int:
    if replies is not None:
        return replies.count()
    return Reply.objects.filter(form=form, is_draft=False).count()
