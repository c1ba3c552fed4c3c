"""Which questions a reply sees, and whether a form's conditions make sense (pure).

A question with conditions is shown when all (or any) of them hold on the answers to earlier
questions. An answer to a hidden question counts as no answer, so hiding cascades: a question
that depends on a hidden one sees it "not answered". A condition may only point to an earlier
question: staff saving one that points forward, or to itself, is refused (`condition_errors`),
so visibility is computed in one pass in form order, and no cycle can form (moving a question
above the one its condition reads is refused the same way).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from tessera.forms import spec
from tessera.forms.spec import ConditionSpec, QuestionSpec, Value

# The types a condition may compare to a value; the others only know answered / not answered.
COMPARABLE = spec.CHOICE_TYPES | {
    spec.YES_NO,
    spec.SCALE,
    spec.NUMBER,
    spec.SHORT_TEXT,
    spec.LONG_TEXT,
    spec.DATE,
}


@dataclass(frozen=True)
class ConditionError:
    question: int
    code: str  # one of the constants below

    FORWARD = "forward"
    CYCLE = "cycle"
    UNKNOWN_SOURCE = "unknown_source"
    NOT_COMPARABLE = "not_comparable"
    OPTION_MISMATCH = "option_mismatch"
    MISSING_VALUE = "missing_value"
    BAD_VALUE = "bad_value"


def visible_questions(questions: Sequence[QuestionSpec], values: Mapping[int, Value]) -> list[int]:
    """The ids of the questions shown, in form order, given the reply's values."""
    types = {q.id: q.type for q in questions}
    shown: dict[int, Value | None] = {}
    visible = []
    for question in questions:
        if is_shown(question, shown, types):
            visible.append(question.id)
            shown[question.id] = values.get(question.id)
        else:
            shown[question.id] = None
    return visible


def is_shown(
    question: QuestionSpec, shown: Mapping[int, Value | None], types: Mapping[int, str]
) -> bool:
    if not question.conditions:
        return True
    results = (
        holds(condition, shown.get(condition.source), types.get(condition.source, ""))
        for condition in question.conditions
    )
    return any(results) if question.condition_mode == "any" else all(results)


def holds(condition: ConditionSpec, value: Value | None, source_type: str) -> bool:
    answered = value is not None
    if condition.operator == spec.ANSWERED:
        return answered
    if condition.operator == spec.NOT_ANSWERED:
        return not answered
    # "differs" needs an answer: "show this if the mode of transport is not the car" asks
    # someone who said which mode they use.
    if not answered:
        return False
    equal = _equals(condition, value, source_type)
    return equal if condition.operator == spec.EQUALS else not equal


def _equals(condition: ConditionSpec, value: Value | None, source_type: str) -> bool:
    if isinstance(value, spec.Choices):
        return condition.option in value.options
    if isinstance(value, bool):
        return value is (condition.value == "yes")
    if isinstance(value, Decimal):
        return value == _decimal(condition.value)
    if isinstance(value, datetime.date):
        return value.isoformat() == condition.value
    if isinstance(value, str):
        return value.strip().casefold() == condition.value.strip().casefold()
    return False


def _decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text.replace(",", ".").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def condition_errors(
    questions: Sequence[QuestionSpec], option_of: Mapping[int, int] | None = None
) -> list[ConditionError]:
    """What is wrong with the form's conditions, for staff saving them. `option_of` maps an
    option id to its question (to refuse comparing a question to another one's option)."""
    position = {q.id: index for index, q in enumerate(questions)}
    by_id = {q.id: q for q in questions}
    errors = []
    for index, question in enumerate(questions):
        for condition in question.conditions:
            code = _condition_error(condition, index, position, by_id, option_of or {})
            if code:
                errors.append(ConditionError(question.id, code))
    return errors


def _condition_error(
    condition: ConditionSpec,
    index: int,
    position: Mapping[int, int],
    by_id: Mapping[int, QuestionSpec],
    option_of: Mapping[int, int],
) -> str:
    if condition.source not in position:
        return ConditionError.UNKNOWN_SOURCE
    if position[condition.source] == index:
        return ConditionError.CYCLE
    if position[condition.source] > index:
        return ConditionError.FORWARD
    if condition.operator in {spec.ANSWERED, spec.NOT_ANSWERED}:
        return ""
    source = by_id[condition.source]
    if source.type not in COMPARABLE:
        return ConditionError.NOT_COMPARABLE
    if source.type in spec.CHOICE_TYPES:
        if condition.option is None:
            return ConditionError.MISSING_VALUE
        known = condition.option in source.options
        if not known or option_of.get(condition.option, source.id) != source.id:
            return ConditionError.OPTION_MISMATCH
        return ""
    if not condition.value.strip():
        return ConditionError.MISSING_VALUE
    return "" if _value_fits(source.type, condition.value) else ConditionError.BAD_VALUE


def _value_fits(source_type: str, value: str) -> bool:
    if source_type == spec.YES_NO:
        return value in {"yes", "no"}
    if source_type in {spec.SCALE, spec.NUMBER}:
        return _decimal(value) is not None
    if source_type == spec.DATE:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return False
    return True
