"""Reply validation (forms.validation), tested directly: each type with good and bad input,
forged ids, hidden questions, and a round trip through the page's data with hypothesis."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tessera.forms import spec, validation
from tessera.forms.encoding import data_of
from tessera.forms.spec import Choices, ConditionSpec, FileValue, QuestionSpec, Value

SINGLE = QuestionSpec(1, spec.SINGLE_CHOICE, options=(11, 12), has_other=True)
MULTIPLE = QuestionSpec(2, spec.MULTIPLE_CHOICE, options=(21, 22, 23), min_choices=2, max_choices=2)
RANKING = QuestionSpec(3, spec.RANKING, options=(31, 32, 33))
SCALE = QuestionSpec(4, spec.SCALE, scale_max=10)
NUMBER = QuestionSpec(5, spec.NUMBER, number_min=Decimal(0), number_max=Decimal(100))
DATE = QuestionSpec(6, spec.DATE)
YES_NO = QuestionSpec(7, spec.YES_NO)
MATRIX = QuestionSpec(8, spec.MATRIX, options=(81, 82), columns=(85, 86), required=True)
MAJORITY = QuestionSpec(9, spec.MAJORITY_JUDGMENT, options=(91, 92))
SHORT = QuestionSpec(10, spec.SHORT_TEXT, required=True)
LONG = QuestionSpec(11, spec.LONG_TEXT)
FILE = QuestionSpec(12, spec.FILE)
MATRIX_MANY = QuestionSpec(
    13, spec.MATRIX, options=(131,), columns=(135, 136), matrix_multiple=True
)
ALL = [
    SINGLE,
    MULTIPLE,
    RANKING,
    SCALE,
    NUMBER,
    DATE,
    YES_NO,
    MATRIX,
    MAJORITY,
    SHORT,
    LONG,
    FILE,
    MATRIX_MANY,
]


def check(question: QuestionSpec, data: dict[str, list[str]]) -> tuple[Value | None, list[str]]:
    outcome = validation.validate_reply([question], data)
    return outcome.values.get(question.id), outcome.errors.get(question.id, [])


@pytest.mark.parametrize(
    ("question", "data", "value"),
    [
        (SINGLE, {"q1": ["12"]}, Choices(frozenset({12}))),
        (SINGLE, {"q1": ["other"], "q1_other": ["À pied"]}, Choices(frozenset(), "À pied")),
        (
            SINGLE,
            {"q1": ["11"], "q1_other": ["ignored: other not chosen"]},
            Choices(frozenset({11})),
        ),
        (MULTIPLE, {"q2": ["21", "23"]}, Choices(frozenset({21, 23}))),
        (RANKING, {"q3_o31": ["2"], "q3_o32": ["3"], "q3_o33": ["1"]}, (33, 31, 32)),
        (SCALE, {"q4": ["10"]}, Decimal(10)),
        (NUMBER, {"q5": ["3,5"]}, Decimal("3.5")),
        (DATE, {"q6": ["2026-12-31"]}, datetime.date(2026, 12, 31)),
        (DATE, {"q6": ["31/12/2026"]}, datetime.date(2026, 12, 31)),
        (YES_NO, {"q7": ["no"]}, False),
        (MATRIX, {"q8_r81": ["85"], "q8_r82": ["86"]}, {81: frozenset({85}), 82: frozenset({86})}),
        (MAJORITY, {"q9_o91": ["5"], "q9_o92": ["0"]}, {91: 5, 92: 0}),
        (SHORT, {"q10": ["  Rue des Lilas "]}, "Rue des Lilas"),
        (FILE, {"q12": ["demo/forms/files/a.jpg"]}, FileValue("demo/forms/files/a.jpg")),
        (MATRIX_MANY, {"q13_r131": ["135", "136"]}, {131: frozenset({135, 136})}),
    ],
)
def test_it_accepts_a_good_answer_of_each_type(
    question: QuestionSpec, data: dict[str, list[str]], value: Value
) -> None:
    assert check(question, data) == (value, [])


@pytest.mark.parametrize(
    ("question", "data", "code"),
    [
        (SINGLE, {"q1": ["11", "12"]}, validation.TOO_MANY),
        (SINGLE, {"q1": ["99"]}, validation.UNKNOWN_OPTION),
        (SINGLE, {"q1": ["21"]}, validation.UNKNOWN_OPTION),  # another question's option
        (SINGLE, {"q1": ["onze"]}, validation.UNKNOWN_OPTION),
        (SINGLE, {"q1": ["other"]}, validation.OTHER_MISSING),
        (MULTIPLE, {"q2": ["21"]}, validation.TOO_FEW),
        (MULTIPLE, {"q2": ["21", "22", "23"]}, validation.TOO_MANY),
        (MULTIPLE, {"q2": ["21", "21"]}, validation.UNKNOWN_OPTION),
        (MULTIPLE, {"q2": ["21", "other"], "q2_other": ["x"]}, validation.UNKNOWN_OPTION),
        (RANKING, {"q3_o31": ["1"], "q3_o32": ["1"], "q3_o33": ["2"]}, validation.DUPLICATE_RANK),
        (RANKING, {"q3_o31": ["1"], "q3_o32": ["2"]}, validation.INCOMPLETE),
        (RANKING, {"q3_o31": ["4"]}, validation.UNKNOWN_OPTION),
        (RANKING, {"q3_o99": ["1"]}, validation.UNKNOWN_OPTION),
        (SCALE, {"q4": ["11"]}, validation.OUT_OF_SCALE),
        (SCALE, {"q4": ["2.5"]}, validation.OUT_OF_SCALE),
        (NUMBER, {"q5": ["douze"]}, validation.NOT_A_NUMBER),
        (NUMBER, {"q5": ["NaN"]}, validation.NOT_A_NUMBER),
        (NUMBER, {"q5": ["Infinity"]}, validation.NOT_A_NUMBER),
        (NUMBER, {"q5": ["-1"]}, validation.BELOW_MIN),
        (NUMBER, {"q5": ["101"]}, validation.ABOVE_MAX),
        (NUMBER, {"q5": ["1.23456"]}, validation.TOO_PRECISE),
        (NUMBER, {"q5": ["1e300"]}, validation.ABOVE_MAX),
        (DATE, {"q6": ["2026-02-30"]}, validation.NOT_A_DATE),
        (YES_NO, {"q7": ["maybe"]}, validation.UNKNOWN_OPTION),
        (MATRIX, {"q8_r81": ["85"]}, validation.INCOMPLETE),
        (MATRIX, {"q8_r81": ["85", "86"], "q8_r82": ["85"]}, validation.TOO_MANY),
        (MATRIX, {"q8_r81": ["81"], "q8_r82": ["85"]}, validation.UNKNOWN_OPTION),
        (MATRIX, {"q8_r99": ["85"]}, validation.UNKNOWN_OPTION),
        (MATRIX, {}, validation.REQUIRED),
        (MAJORITY, {"q9_o91": ["6"], "q9_o92": ["1"]}, validation.UNKNOWN_OPTION),
        (MAJORITY, {"q9_o91": ["3"]}, validation.INCOMPLETE),
        (SHORT, {"q10": ["   "]}, validation.REQUIRED),
        (SHORT, {"q10": ["x" * 301]}, validation.TOO_LONG),
        (LONG, {"q11": ["x" * 5001]}, validation.TOO_LONG),
    ],
)
def test_it_refuses_a_bad_answer_with_its_code(
    question: QuestionSpec, data: dict[str, list[str]], code: str
) -> None:
    assert check(question, data) == (None, [code])


def test_errors_stay_on_their_question_and_keep_the_others_values() -> None:
    outcome = validation.validate_reply(ALL, {"q5": ["douze"], "q7": ["yes"], "q10": [""]})
    assert outcome.errors == {
        5: [validation.NOT_A_NUMBER],
        8: [validation.REQUIRED],
        10: [validation.REQUIRED],
    }
    assert outcome.values == {7: True}


def test_answers_to_hidden_questions_are_dropped_and_not_checked() -> None:
    follow_up = QuestionSpec(
        2, spec.NUMBER, required=True, conditions=(ConditionSpec(7, spec.EQUALS, value="yes"),)
    )
    questions = [YES_NO, follow_up]
    hidden = validation.validate_reply(questions, {"q7": ["no"], "q2": ["douze"]})
    assert hidden.is_valid
    assert hidden.values == {7: False}
    assert hidden.visible == {7}
    forged = validation.validate_reply(questions, {"q2": ["3"]})
    assert forged.values == {}
    assert 2 not in forged.visible
    shown = validation.validate_reply(questions, {"q7": ["yes"]})
    assert shown.errors == {2: [validation.REQUIRED]}


def test_an_invalid_answer_counts_as_unanswered_for_the_conditions() -> None:
    follow_up = QuestionSpec(2, spec.SHORT_TEXT, conditions=(ConditionSpec(5, spec.ANSWERED),))
    outcome = validation.validate_reply([NUMBER, follow_up], {"q5": ["douze"], "q2": ["why"]})
    assert outcome.visible == {5}
    assert outcome.errors == {5: [validation.NOT_A_NUMBER]}


# Hypothesis: any valid set of values goes to the page's data and back unchanged.
def values_for(question: QuestionSpec) -> st.SearchStrategy[Value]:
    text = st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
        min_size=1,
        max_size=40,
    )
    if question is SINGLE:
        return st.one_of(
            st.sampled_from(SINGLE.options).map(lambda o: Choices(frozenset({o}))),
            text.map(lambda t: Choices(frozenset(), t)),
        )
    if question is MULTIPLE:
        return st.sets(st.sampled_from(MULTIPLE.options), min_size=2, max_size=2).map(
            lambda s: Choices(frozenset(s))
        )
    if question is RANKING:
        return st.permutations(RANKING.options).map(tuple)
    if question is SCALE:
        return st.integers(1, 10).map(Decimal)
    if question is NUMBER:
        return st.decimals(0, 100, places=4)
    if question is DATE:
        return st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 1, 1))
    if question is YES_NO:
        return st.booleans()
    if question is MATRIX:
        return st.fixed_dictionaries(
            {
                row: st.sampled_from(MATRIX.columns).map(lambda c: frozenset({c}))
                for row in MATRIX.options
            }
        )
    if question is MATRIX_MANY:
        return st.fixed_dictionaries(
            {131: st.sets(st.sampled_from(MATRIX_MANY.columns), min_size=1).map(frozenset)}
        )
    if question is MAJORITY:
        return st.fixed_dictionaries({o: st.sampled_from(spec.GRADES) for o in MAJORITY.options})
    if question is FILE:
        return text.map(FileValue)
    return text


@given(st.data())
def test_clean_values_go_to_the_page_and_back_unchanged(data: st.DataObject) -> None:
    values = {q.id: data.draw(values_for(q)) for q in ALL}
    outcome = validation.validate_reply(ALL, data_of(ALL, values))
    assert outcome.errors == {}
    assert outcome.values == values


@given(
    st.dictionaries(
        st.sampled_from(
            [f"q{n}" for n in range(1, 14)] + ["q3_o31", "q8_r81", "q9_o91", "q1_other", "q13_r131"]
        ),
        st.lists(st.text(max_size=12), max_size=3),
    )
)
def test_any_posted_data_gives_codes_never_an_exception(data: dict[str, list[str]]) -> None:
    outcome = validation.validate_reply(ALL, data)
    assert set(outcome.values) <= outcome.visible
    assert set(outcome.errors) <= outcome.visible
    for codes in outcome.errors.values():
        assert codes
        assert all(code in validation.__dict__.values() for code in codes)
