"""Clean values back to posted data (pure): to fill a page with a stored reply or draft. The
inverse of `validation.parse`: validating what this gives returns the same values."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from tessera.forms import spec
from tessera.forms.spec import Choices, FileValue, QuestionSpec, Value, field_name


def data_of(questions: list[QuestionSpec], values: Mapping[int, Value]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for question in questions:
        if question.id in values:
            data.update(question_data(question, values[question.id]))
    return data


def question_data(question: QuestionSpec, value: Value) -> dict[str, list[str]]:
    name = field_name(question.id)
    if isinstance(value, Choices):
        chosen = [str(option) for option in sorted(value.options)]
        if not value.other:
            return {name: chosen}
        return {name: [*chosen, spec.OTHER], field_name(question.id, "_other"): [value.other]}
    if isinstance(value, bool):
        return {name: ["yes" if value else "no"]}
    if isinstance(value, Decimal):
        return {name: [format(value.normalize(), "f")]}
    if isinstance(value, datetime.date):
        return {name: [value.isoformat()]}
    if isinstance(value, FileValue):
        return {name: [value.name]}
    if isinstance(value, str):
        return {name: [value]}
    if isinstance(value, tuple):  # a ranking
        return {
            field_name(question.id, f"_o{option}"): [str(rank)]
            for rank, option in enumerate(value, start=1)
        }
    if question.type == spec.MATRIX:
        return {
            field_name(question.id, f"_r{row}"): [str(column) for column in sorted(columns)]  # type: ignore[arg-type]
            for row, columns in value.items()
        }
    return {field_name(question.id, f"_o{option}"): [str(grade)] for option, grade in value.items()}
