"""Staff building a form: sections, questions with their options, conditions, their order.

Each write is one transaction that ends by checking the whole form's conditions
(`conditions.condition_errors`): a change that would make a condition read a later question
(moving a question up, a section down) or a question that is gone is refused and undone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from tessera.forms import selectors
from tessera.forms.conditions import ConditionError, condition_errors
from tessera.forms.models import Answer, Condition, Form, Option, OptionRole, Question, Section


class BuildRefused(Exception):
    """A change staff asked that would break the form; `errors` say what (condition codes or
    the codes below)."""

    SOURCE_OF_CONDITION = "source_of_condition"
    ANSWERS_WOULD_GO = "answers_would_go"

    def __init__(self, errors: Sequence[ConditionError | str]) -> None:
        super().__init__(errors)
        self.errors = list(errors)

    @property
    def codes(self) -> list[str]:
        return [e.code if isinstance(e, ConditionError) else e for e in self.errors]


def check_conditions(form: Form) -> None:
    """Raise BuildRefused if a condition of the form points forward, at itself or wrong."""
    questions = selectors.questions_in_order(selectors.sections_of(form))
    option_of = {o.pk: q.pk for q in questions for o in q.options.all()}
    errors = condition_errors(selectors.specs_of(questions), option_of)
    if errors:
        raise BuildRefused(errors)


def _next_position(queryset: object) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]  # type: ignore[attr-defined]
    return 0 if top is None else top + 1


def section_add(*, form: Form, title: str, description: str = "") -> Section:
    with transaction.atomic():
        return Section.objects.create(
            organization_id=form.organization_id,
            form=form,
            title=title,
            description=description,
            position=_next_position(Section.objects.filter(form=form)),
        )


def section_delete(*, section: Section, confirmed: bool = False) -> None:
    """Delete a section and its questions; refused while another section's question reads
    one of them, or, unconfirmed, when replies answered them. Answered, it is only marked
    removed: gone from the form, its answers kept for the exports."""
    with transaction.atomic():
        questions = Question.objects.filter(section=section)
        if _answered(Answer.objects.filter(question__in=questions), confirmed):
            Section.objects.filter(pk=section.pk).update(removed=True)
        else:
            section.delete()
        check_conditions(section.form)


def question_delete(*, question: Question, confirmed: bool = False) -> None:
    """Delete a question (marked removed when replies answered it, see section_delete)."""
    with transaction.atomic():
        if Condition.objects.filter(source=question).exclude(question=question).exists():
            raise BuildRefused([BuildRefused.SOURCE_OF_CONDITION])
        if _answered(Answer.objects.filter(question=question), confirmed):
            Question.objects.filter(pk=question.pk).update(removed=True)
        else:
            question.delete()


def _answered(answers: object, confirmed: bool) -> bool:
    """Whether replies answered what staff remove; refused unless they confirmed."""
    answered = bool(answers.exists())  # type: ignore[attr-defined]
    if answered and not confirmed:
        raise BuildRefused([BuildRefused.ANSWERS_WOULD_GO])
    return answered


def section_move(*, section: Section, step: int) -> None:
    """Move a section one place up (-1) or down (+1)."""
    with transaction.atomic():
        siblings = list(
            Section.objects.filter(form_id=section.form_id, removed=False).order_by(
                "position", "pk"
            )
        )
        _move(siblings, section.pk, step)
        Section.objects.bulk_update(siblings, ["position"])
        check_conditions(section.form)


def question_move(*, question: Question, step: int) -> None:
    """Move a question one place up or down inside its section."""
    with transaction.atomic():
        siblings = list(
            Question.objects.filter(section_id=question.section_id, removed=False).order_by(
                "position", "pk"
            )
        )
        _move(siblings, question.pk, step)
        Question.objects.bulk_update(siblings, ["position"])
        check_conditions(question.form)


def _move(rows: Sequence[Section | Question], pk: int, step: int) -> None:
    order = list(rows)
    index = next(i for i, row in enumerate(order) if row.pk == pk)
    target = index + step
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
    for position, row in enumerate(order):
        row.position = position


@dataclass(frozen=True)
class OptionLines:
    """The options staff typed, one per line: choices (or a matrix's rows) and columns."""

    choices: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()


def question_save(*, question: Question, lines: OptionLines, confirmed: bool = False) -> Question:
    """Save a question and its options. An option keeps its id (and its answers and the
    conditions reading it) while its text stays; removing one that replies chose needs
    `confirmed`. Moving the question to another section is checked like any move."""
    with transaction.atomic():
        if question.pk is None:
            question.position = _next_position(Question.objects.filter(section=question.section))
        question.form_id = question.section.form_id
        question.organization_id = question.section.organization_id
        question.save()
        _options_save(question, lines, confirmed)
        check_conditions(question.form)
    return question


def _options_save(question: Question, lines: OptionLines, confirmed: bool) -> None:
    wanted = [(OptionRole.ROW if question.type == "matrix" else OptionRole.CHOICE, lines.choices)]
    wanted.append((OptionRole.COLUMN, lines.columns if question.type == "matrix" else ()))
    # Removed options too: typing a removed option's text again brings it back, answers and all.
    existing = list(Option.objects.filter(question=question).order_by("removed", "pk"))
    kept: list[Option] = []
    for role, labels in wanted:
        pool: dict[str, Option] = {}
        for o in existing:
            if o.role == role:
                pool.setdefault(o.label, o)
        for position, label in enumerate(labels):
            option = pool.pop(label, None) or Option(
                organization_id=question.organization_id, question=question, role=role, label=label
            )
            option.position, option.removed = position, False
            kept.append(option)
    gone = [o for o in existing if o not in kept and not o.removed]
    if gone:
        if Condition.objects.filter(option__in=gone).exists():
            raise BuildRefused([BuildRefused.SOURCE_OF_CONDITION])
        answered = Answer.objects.filter(option__in=gone) | Answer.objects.filter(column__in=gone)
        if _answered(answered, confirmed):
            Option.objects.filter(pk__in=[o.pk for o in gone]).update(removed=True)
        else:
            Option.objects.filter(pk__in=[o.pk for o in gone]).delete()
    for option in kept:
        option.save()


def condition_add(
    *, question: Question, source: Question, operator: str, option: Option | None, value: str
) -> Condition:
    """Add a condition; refused (and undone) if it reads a later question, itself, or a value
    that does not fit."""
    with transaction.atomic():
        condition = Condition.objects.create(
            organization_id=question.organization_id,
            question=question,
            source=source,
            operator=operator,
            option=option,
            value=value.strip(),
        )
        check_conditions(question.form)
    return condition


def condition_delete(*, condition: Condition) -> None:
    with transaction.atomic():
        condition.delete()
