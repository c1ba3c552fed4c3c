"""A reply's posted data → clean values and error codes (pure).

`validate_reply(questions, data)` reads the inputs named by `spec.field_name` (lists of
strings, as a QueryDict's `lists()` gives them), parses every question, decides which are
visible from the parsed values (`conditions`), then keeps only the visible questions: their
errors, their values. Answers to hidden questions are dropped, whatever was posted; an option
id that is not one of the question's is refused. The interface turns the codes into sentences
(`forms.messages`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from tessera.forms import spec
from tessera.forms.conditions import visible_questions
from tessera.forms.spec import Choices, FileValue, Outcome, QuestionSpec, Value, field_name

Data = Mapping[str, Sequence[str]]

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
NUMBER_DIGITS = 10  # before the decimal point (the column holds 14 digits, 4 after the point)
NUMBER_DECIMALS = 4

REQUIRED = "required"
TOO_LONG = "too_long"
UNKNOWN_OPTION = "unknown_option"
TOO_FEW = "too_few"
TOO_MANY = "too_many"
OTHER_MISSING = "other_missing"
NOT_A_NUMBER = "not_a_number"
TOO_PRECISE = "too_precise"
BELOW_MIN = "below_min"
ABOVE_MAX = "above_max"
OUT_OF_SCALE = "out_of_scale"
NOT_A_DATE = "not_a_date"
INCOMPLETE = "incomplete"
DUPLICATE_RANK = "duplicate_rank"


class Invalid(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def validate_reply(questions: Sequence[QuestionSpec], data: Data) -> Outcome:
    """Validate a whole reply: see the module's docstring."""
    parsed: dict[int, Value] = {}
    errors: dict[int, list[str]] = {}
    for question in questions:
        try:
            value = parse(question, data)
        except Invalid as error:
            errors[question.id] = [error.code]
            continue
        if value is not None:
            parsed[question.id] = value
    visible = visible_questions(questions, parsed)
    outcome = Outcome(visible=set(visible))
    for question in questions:
        if question.id not in outcome.visible:
            continue
        if question.id in errors:
            outcome.errors[question.id] = errors[question.id]
        elif question.id in parsed:
            outcome.values[question.id] = parsed[question.id]
        elif question.required:
            outcome.errors[question.id] = [REQUIRED]
    return outcome


def parse(question: QuestionSpec, data: Data) -> Value | None:
    """The question's value from the posted data; None when not answered; `Invalid`."""
    return PARSERS[question.type](question, data)


def _values(data: Data, name: str) -> list[str]:
    return [value.strip() for value in data.get(name, ()) if value.strip()]


def _one(data: Data, name: str) -> str:
    values = _values(data, name)
    if len(values) > 1:
        raise Invalid(TOO_MANY)
    return values[0] if values else ""


def _text(limit: int) -> Callable[[QuestionSpec, Data], Value | None]:
    def parse_text(question: QuestionSpec, data: Data) -> Value | None:
        text = "\n".join(data.get(field_name(question.id), ())).strip()
        if len(text) > limit:
            raise Invalid(TOO_LONG)
        return text or None

    return parse_text


def _option_id(question: QuestionSpec, raw: str, known: Sequence[int]) -> int:
    try:
        option = int(raw)
    except ValueError:
        raise Invalid(UNKNOWN_OPTION) from None
    if option not in known:
        raise Invalid(UNKNOWN_OPTION)
    return option


def _choices(question: QuestionSpec, data: Data) -> Value | None:
    raw = _values(data, field_name(question.id))
    if len(set(raw)) != len(raw):
        raise Invalid(UNKNOWN_OPTION)
    wants_other = spec.OTHER in raw
    if wants_other and not question.has_other:
        raise Invalid(UNKNOWN_OPTION)
    options = frozenset(
        _option_id(question, value, question.options) for value in raw if value != spec.OTHER
    )
    other = _one(data, field_name(question.id, "_other")) if wants_other else ""
    if wants_other and not other:
        raise Invalid(OTHER_MISSING)
    if len(other) > SHORT_TEXT_MAX:
        raise Invalid(TOO_LONG)
    count = len(options) + wants_other
    if count == 0:
        return None
    if question.type == spec.SINGLE_CHOICE and count > 1:
        raise Invalid(TOO_MANY)
    if question.min_choices is not None and count < question.min_choices:
        raise Invalid(TOO_FEW)
    if question.max_choices is not None and count > question.max_choices:
        raise Invalid(TOO_MANY)
    return Choices(options, other)


def _decimal(text: str) -> Decimal:
    try:
        number = Decimal(text.replace(",", ".").replace("\u202f", "").replace(" ", ""))
    except InvalidOperation:
        raise Invalid(NOT_A_NUMBER) from None
    if not number.is_finite():
        raise Invalid(NOT_A_NUMBER)
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite
    if exponent < -NUMBER_DECIMALS:
        raise Invalid(TOO_PRECISE)
    if len(digits) + exponent > NUMBER_DIGITS:
        raise Invalid(ABOVE_MAX if sign == 0 else BELOW_MIN)
    return number


def _number(question: QuestionSpec, data: Data) -> Value | None:
    raw = _one(data, field_name(question.id))
    if not raw:
        return None
    number = _decimal(raw)
    if question.number_min is not None and number < question.number_min:
        raise Invalid(BELOW_MIN)
    if question.number_max is not None and number > question.number_max:
        raise Invalid(ABOVE_MAX)
    return number


def _scale(question: QuestionSpec, data: Data) -> Value | None:
    raw = _one(data, field_name(question.id))
    if not raw:
        return None
    if raw not in {str(grade) for grade in range(1, question.scale_max + 1)}:
        raise Invalid(OUT_OF_SCALE)
    return Decimal(raw)


def _date(question: QuestionSpec, data: Data) -> Value | None:
    raw = _one(data, field_name(question.id))
    if not raw:
        return None
    for layout in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(raw, layout).date()
        except ValueError:
            continue
    raise Invalid(NOT_A_DATE)


def _yes_no(question: QuestionSpec, data: Data) -> Value | None:
    raw = _one(data, field_name(question.id))
    if not raw:
        return None
    if raw not in {"yes", "no"}:
        raise Invalid(UNKNOWN_OPTION)
    return raw == "yes"


def _per_option(question: QuestionSpec, data: Data) -> dict[int, str]:
    """The inputs named q<question>_o<option>: an option's rank or grade. A name with an
    option id the question does not have is refused: a forged id."""
    prefix = field_name(question.id, "_o")
    given = {}
    for name in data:
        if name.startswith(prefix):
            option = _option_id(question, name[len(prefix) :], question.options)
            value = _one(data, name)
            if value:
                given[option] = value
    return given


def _ranking(question: QuestionSpec, data: Data) -> Value | None:
    given = _per_option(question, data)
    if not given:
        return None
    ranks = {str(rank) for rank in range(1, len(question.options) + 1)}
    if any(rank not in ranks for rank in given.values()):
        raise Invalid(UNKNOWN_OPTION)
    if len(set(given.values())) != len(given):
        raise Invalid(DUPLICATE_RANK)
    if len(given) != len(question.options):
        raise Invalid(INCOMPLETE)
    return tuple(sorted(given, key=lambda option: int(given[option])))


def _majority(question: QuestionSpec, data: Data) -> Value | None:
    given = _per_option(question, data)
    if not given:
        return None
    grades = {str(grade) for grade in spec.GRADES}
    if any(grade not in grades for grade in given.values()):
        raise Invalid(UNKNOWN_OPTION)
    if len(given) != len(question.options):
        raise Invalid(INCOMPLETE)
    return {option: int(grade) for option, grade in given.items()}


def _matrix(question: QuestionSpec, data: Data) -> Value | None:
    prefix = field_name(question.id, "_r")
    rows: dict[int, frozenset[int]] = {}
    for name in data:
        if not name.startswith(prefix):
            continue
        row = _option_id(question, name[len(prefix) :], question.options)
        raw = _values(data, name)
        if len(set(raw)) != len(raw):
            raise Invalid(UNKNOWN_OPTION)
        columns = frozenset(_option_id(question, value, question.columns) for value in raw)
        if len(columns) > 1 and not question.matrix_multiple:
            raise Invalid(TOO_MANY)
        if columns:
            rows[row] = columns
    if not rows:
        return None
    if question.required and len(rows) != len(question.options):
        raise Invalid(INCOMPLETE)
    return rows


def _file(question: QuestionSpec, data: Data) -> Value | None:
    # The caller re-encodes an upload and posts its stored name here (or the kept one).
    name = _one(data, field_name(question.id))
    return FileValue(name) if name else None


PARSERS: dict[str, Callable[[QuestionSpec, Data], Value | None]] = {
    spec.SHORT_TEXT: _text(SHORT_TEXT_MAX),
    spec.LONG_TEXT: _text(LONG_TEXT_MAX),
    spec.SINGLE_CHOICE: _choices,
    spec.MULTIPLE_CHOICE: _choices,
    spec.RANKING: _ranking,
    spec.SCALE: _scale,
    spec.NUMBER: _number,
    spec.DATE: _date,
    spec.YES_NO: _yes_no,
    spec.MATRIX: _matrix,
    spec.MAJORITY_JUDGMENT: _majority,
    spec.FILE: _file,
}
