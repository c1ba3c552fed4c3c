"""A form as plain data, and the values a reply holds: what the pure functions of the engine
(`conditions`, `validation`) take and return. No ORM, no request (STYLE.md)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

# The types and operators, as stored (forms.models.QuestionType / Operator).
SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"
SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
RANKING = "ranking"
SCALE = "scale"
NUMBER = "number"
DATE = "date"
YES_NO = "yes_no"
MATRIX = "matrix"
MAJORITY_JUDGMENT = "majority_judgment"
FILE = "file"
CHOICE_TYPES = frozenset({SINGLE_CHOICE, MULTIPLE_CHOICE})

ANSWERED = "answered"
NOT_ANSWERED = "not_answered"
EQUALS = "equals"
DIFFERS = "differs"

# Majority judgment's grades, from "à rejeter" (0) to "excellent" (5).
GRADES = range(6)
OTHER = "other"  # the "other, please specify" choice among the option ids


@dataclass(frozen=True)
class ConditionSpec:
    source: int
    operator: str
    option: int | None = None
    value: str = ""


@dataclass(frozen=True)
class QuestionSpec:
    """One question, with what validating its answer needs. `options` are the choices (or a
    matrix's rows), `columns` a matrix's columns."""

    id: int
    type: str
    required: bool = False
    options: tuple[int, ...] = ()
    columns: tuple[int, ...] = ()
    has_other: bool = False
    min_choices: int | None = None
    max_choices: int | None = None
    scale_max: int = 5
    number_min: Decimal | None = None
    number_max: Decimal | None = None
    matrix_multiple: bool = False
    conditions: tuple[ConditionSpec, ...] = ()
    condition_mode: str = "all"


@dataclass(frozen=True)
class Choices:
    options: frozenset[int]
    other: str = ""  # the "other" text, when "other" is chosen


@dataclass(frozen=True)
class FileValue:
    """A file the reply carries: a new upload already re-encoded by the caller, or the one a
    draft or an earlier reply kept."""

    name: str


Value = (
    str
    | Choices
    | tuple[int, ...]  # a ranking: option ids, first to last
    | Decimal  # a number or a scale's grade
    | datetime.date
    | bool  # yes / no
    | Mapping[int, frozenset[int]]  # a matrix: row → columns
    | Mapping[int, int]  # majority judgment: option → grade
    | FileValue
)


@dataclass
class Outcome:
    """What validating a reply gives: the clean values of the visible questions answered, the
    error codes per question, and which questions the reply could see."""

    values: dict[int, Value] = field(default_factory=dict)
    errors: dict[int, list[str]] = field(default_factory=dict)
    visible: set[int] = field(default_factory=set)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def field_name(question_id: int, suffix: str = "") -> str:
    """The name of a question's input in the page and the posted data: q12, q12_other,
    q12_o34 (an option's rank or grade), q12_r56 (a matrix row)."""
    return f"q{question_id}{suffix}"
