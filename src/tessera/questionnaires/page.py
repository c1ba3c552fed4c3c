"""What the answer page shows of each question: its inputs filled with what was typed, its
errors and hints (plain data for the templates; the resident's page and the staff preview)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tessera.forms import spec
from tessera.forms.messages import min_max_hint
from tessera.forms.models import Option, OptionRole, Question, QuestionType, Section
from tessera.forms.spec import field_name


def grade_labels() -> list[tuple[int, str]]:
    labels = {
        5: _("Excellent"),
        4: _("Very good"),
        3: _("Good"),
        2: _("Fair"),
        1: _("Poor"),
        0: _("To reject"),
    }
    return [(grade, labels[grade]) for grade in sorted(spec.GRADES, reverse=True)]


@dataclass
class Item:
    """An option with its own input (a ranking's rank, a grade, a matrix row)."""

    option: Option
    name: str
    values: list[str]


@dataclass
class QuestionView:
    question: Question
    name: str
    values: list[str]
    other: str = ""
    options: list[Option] = field(default_factory=list)
    columns: list[Option] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    hint: str = ""
    depends_on: str = ""

    @property
    def scale(self) -> range:
        return range(1, self.question.scale_max + 1)

    @property
    def ranks(self) -> range:
        return range(1, len(self.options) + 1)

    @property
    def uses_fieldset(self) -> bool:
        return self.question.type not in {
            QuestionType.SHORT_TEXT,
            QuestionType.LONG_TEXT,
            QuestionType.NUMBER,
            QuestionType.DATE,
            QuestionType.FILE,
        } and not (self.question.type == QuestionType.SINGLE_CHOICE and self.question.as_list)


def question_view(
    question: Question,
    data: Mapping[str, Sequence[str]],
    errors: Sequence[str] = (),
    labels: Mapping[int, str] | None = None,
) -> QuestionView:
    """`labels`: question and option ids → their text, to say when a conditional question
    applies."""
    options = [o for o in question.options.all() if o.role != OptionRole.COLUMN]
    columns = [o for o in question.options.all() if o.role == OptionRole.COLUMN]
    if question.random_order:
        random.shuffle(options)
    view = QuestionView(
        question=question,
        name=field_name(question.pk),
        values=list(data.get(field_name(question.pk), ())),
        other=next(iter(data.get(field_name(question.pk, "_other"), ())), ""),
        options=options,
        columns=columns,
        errors=[str(message) for message in errors],
        hint=_hint(question),
        depends_on=_depends_on(question, labels) if labels else "",
    )
    suffix = "_r" if question.type == QuestionType.MATRIX else "_o"
    if question.type in {
        QuestionType.MATRIX,
        QuestionType.RANKING,
        QuestionType.MAJORITY_JUDGMENT,
    }:
        view.items = [
            Item(
                o,
                field_name(question.pk, f"{suffix}{o.pk}"),
                list(data.get(field_name(question.pk, f"{suffix}{o.pk}"), ())),
            )
            for o in options
        ]
    return view


def _hint(question: Question) -> str:
    if question.type == QuestionType.MULTIPLE_CHOICE:
        hint = min_max_hint(question.min_choices, question.max_choices)
        return (
            _("Several answers possible. %(limits)s") % {"limits": hint}
            if hint
            else _("Several answers possible.")
        )
    if question.type == QuestionType.NUMBER:
        low = None if question.number_min is None else question.number_min.normalize()
        high = None if question.number_max is None else question.number_max.normalize()
        return min_max_hint(low, high)
    if question.type == QuestionType.RANKING:
        return _("Give each item a rank, 1 for your first choice.")
    if question.type == QuestionType.DATE:
        return _("For example 31/12/2026.")
    if question.type == QuestionType.FILE:
        return _("An image (JPEG, PNG, WebP, GIF) or a PDF file.")
    return ""


def _depends_on(question: Question, labels: Mapping[int, str]) -> str:
    """Said under a question shown only for some answers: the page works without scripts, so
    a question reading one of the same page is shown, and the resident reads when it applies
    (the server drops its answer otherwise)."""
    conditions = list(question.conditions.all())
    if not conditions:
        return ""
    parts = []
    for condition in conditions:
        source = labels.get(condition.source_id, "")
        value = labels.get(-condition.option_id, "") if condition.option_id else condition.value
        if condition.operator == spec.ANSWERED:
            parts.append(_("you answered “%(question)s”") % {"question": source})
        elif condition.operator == spec.NOT_ANSWERED:
            parts.append(_("you did not answer “%(question)s”") % {"question": source})
        elif condition.operator == spec.EQUALS:
            parts.append(
                _("your answer to “%(question)s” is “%(value)s”")
                % {"question": source, "value": value}
            )
        else:
            parts.append(
                _("your answer to “%(question)s” is not “%(value)s”")
                % {"question": source, "value": value}
            )
    joined = (_(" and ") if question.condition_mode == "all" else _(" or ")).join(parts)
    return _("Only if %(conditions)s.") % {"conditions": joined}


def labels_of(questions: Sequence[Question]) -> dict[int, str]:
    """Question ids → labels, and option ids (negated: another key space) → labels."""
    labels = {question.pk: question.label for question in questions}
    for question in questions:
        labels |= {-option.pk: option.label for option in question.options.all()}
    return labels


def section_views(
    section: Section,
    data: Mapping[str, Sequence[str]],
    errors: Mapping[int, Sequence[str]],
    visible: set[int],
    labels: Mapping[int, str],
) -> list[QuestionView]:
    """The section's questions the reply sees, and those reading a question of this same page
    (decided when the page is sent)."""
    here = {question.pk for question in section.questions.all()}
    views = []
    for question in section.questions.all():
        same_page = any(c.source_id in here for c in question.conditions.all())
        if question.pk in visible or same_page:
            errors_here = errors.get(question.pk, ())
            views.append(question_view(question, data, errors_here, labels if same_page else None))
    return views
