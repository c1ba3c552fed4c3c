"""The condition engine (forms.conditions), tested directly."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tessera.forms import spec
from tessera.forms.conditions import ConditionError, condition_errors, visible_questions
from tessera.forms.spec import Choices, ConditionSpec, QuestionSpec, Value

TRANSPORT = QuestionSpec(1, spec.SINGLE_CHOICE, options=(11, 12, 13))
CAR_DAYS = QuestionSpec(2, spec.NUMBER, conditions=(ConditionSpec(1, spec.EQUALS, option=11),))
WHY_NOT_CAR = QuestionSpec(3, spec.LONG_TEXT, conditions=(ConditionSpec(1, spec.DIFFERS, 11),))
ABOUT_DAYS = QuestionSpec(4, spec.SHORT_TEXT, conditions=(ConditionSpec(2, spec.ANSWERED),))
FORM = [TRANSPORT, CAR_DAYS, WHY_NOT_CAR, ABOUT_DAYS]


def test_a_question_without_conditions_is_always_shown() -> None:
    assert visible_questions([TRANSPORT], {}) == [1]


def test_equals_and_differs_read_the_chosen_option() -> None:
    car: dict[int, Value] = {1: Choices(frozenset({11})), 2: Decimal(3)}
    bus: dict[int, Value] = {1: Choices(frozenset({12})), 2: Decimal(3)}
    assert visible_questions(FORM, car) == [1, 2, 4]
    assert visible_questions(FORM, bus) == [1, 3]


def test_differs_needs_an_answer_and_hiding_cascades() -> None:
    # Nothing chosen: neither the car branch nor "why not the car"; the question reading
    # the hidden one sees it unanswered even if a value was posted for it.
    assert visible_questions(FORM, {2: Decimal(3)}) == [1]


def test_not_answered_and_any_mode() -> None:
    first = QuestionSpec(1, spec.YES_NO)
    second = QuestionSpec(2, spec.SCALE)
    either = QuestionSpec(
        3,
        spec.SHORT_TEXT,
        conditions=(
            ConditionSpec(1, spec.EQUALS, value="yes"),
            ConditionSpec(2, spec.NOT_ANSWERED),
        ),
        condition_mode="any",
    )
    both = QuestionSpec(3, spec.SHORT_TEXT, conditions=either.conditions)
    assert visible_questions([first, second, either], {1: False, 2: Decimal(4)}) == [1, 2]
    assert visible_questions([first, second, either], {1: True, 2: Decimal(4)}) == [1, 2, 3]
    assert visible_questions([first, second, either], {1: False}) == [1, 2, 3]
    assert visible_questions([first, second, both], {1: True}) == [1, 2, 3]
    assert visible_questions([first, second, both], {1: True, 2: Decimal(2)}) == [1, 2]


def test_equals_compares_numbers_dates_and_text_loosely() -> None:
    cases: list[tuple[QuestionSpec, Value, str]] = [
        (QuestionSpec(1, spec.NUMBER), Decimal("3.50"), "3,5"),
        (QuestionSpec(1, spec.DATE), datetime.date(2026, 5, 1), "2026-05-01"),
        (QuestionSpec(1, spec.SHORT_TEXT), " Vélo ", "vélo"),
    ]
    for source, value, written in cases:
        target = QuestionSpec(
            2, spec.SHORT_TEXT, conditions=(ConditionSpec(1, spec.EQUALS, value=written),)
        )
        assert visible_questions([source, target], {1: value}) == [1, 2]


def test_staff_cannot_point_a_condition_forward_or_at_itself() -> None:
    early = QuestionSpec(1, spec.YES_NO, conditions=(ConditionSpec(2, spec.ANSWERED),))
    itself = QuestionSpec(2, spec.YES_NO, conditions=(ConditionSpec(2, spec.ANSWERED),))
    assert condition_errors([early, itself]) == [
        ConditionError(1, ConditionError.FORWARD),
        ConditionError(2, ConditionError.CYCLE),
    ]


def test_staff_values_must_fit_the_earlier_question() -> None:
    matrix = QuestionSpec(1, spec.MATRIX, options=(5,), columns=(6,))
    number = QuestionSpec(2, spec.NUMBER)
    choice = QuestionSpec(3, spec.SINGLE_CHOICE, options=(7,))

    def error(
        source: int, condition: ConditionSpec, option_of: dict[int, int] | None = None
    ) -> str:
        target = QuestionSpec(9, spec.SHORT_TEXT, conditions=(condition,))
        errors = condition_errors([matrix, number, choice, target], option_of)
        return errors[0].code if errors else ""

    assert error(1, ConditionSpec(1, spec.EQUALS, value="x")) == ConditionError.NOT_COMPARABLE
    assert error(1, ConditionSpec(1, spec.ANSWERED)) == ""
    assert error(2, ConditionSpec(2, spec.EQUALS, value="douze")) == ConditionError.BAD_VALUE
    assert error(2, ConditionSpec(2, spec.DIFFERS)) == ConditionError.MISSING_VALUE
    assert error(3, ConditionSpec(3, spec.EQUALS, option=5)) == ConditionError.OPTION_MISMATCH
    assert error(3, ConditionSpec(3, spec.EQUALS, option=7)) == ""
    assert error(3, ConditionSpec(44, spec.EQUALS)) == ConditionError.UNKNOWN_SOURCE


@st.composite
def forms_with_backward_conditions(draw: st.DrawFn) -> list[QuestionSpec]:
    size = draw(st.integers(1, 8))
    questions = []
    for index in range(size):
        conditions: tuple[ConditionSpec, ...] = ()
        if index and draw(st.booleans()):
            source = draw(st.integers(0, index - 1))
            operator = draw(
                st.sampled_from([spec.ANSWERED, spec.NOT_ANSWERED, spec.EQUALS, spec.DIFFERS])
            )
            conditions = (ConditionSpec(source, operator, value="yes"),)
        questions.append(QuestionSpec(index, spec.YES_NO, conditions=conditions))
    return questions


@settings(suppress_health_check=[HealthCheck.too_slow])  # slow only on a loaded machine
@given(forms_with_backward_conditions(), st.dictionaries(st.integers(0, 7), st.booleans()))
def test_visibility_follows_form_order_and_only_reads_visible_answers(
    questions: list[QuestionSpec], values: dict[int, bool]
) -> None:
    assert condition_errors(questions) == []
    visible = visible_questions(questions, values)
    assert visible == sorted(visible)
    assert questions[0].id in visible
    for question in questions:
        for condition in question.conditions:
            # A question reading a hidden one sees "not answered".
            if condition.source not in visible and question.id in visible:
                assert condition.operator == spec.NOT_ANSWERED
