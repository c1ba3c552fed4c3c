"""Every CSV and XLSX export goes through here, with one guard against formula injection.

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" (and some programs one that
starts with a tab, CR or LF) as a formula: `=HYPERLINK("https://evil…")` in a resident's
proposal title would run on a staff member's machine. In a CSV such a cell is prefixed with an
apostrophe (spreadsheets show the text as typed); in an XLSX it is written as a string cell,
which no spreadsheet evaluates.

CSV: semicolons and a byte order mark (what French spreadsheets expect), streamed line by line.
XLSX: openpyxl's write-only workbook (rows go to a temporary file), sent from that file.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

CSV_DELIMITER = ";"
CSV_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Row = Sequence[Any]
# (sheet title, rows; the first row is the header)
Sheet = tuple[str, Iterable[Row]]


def is_formula_like(value: Any) -> bool:
    """Whether a spreadsheet could run this cell: the one guard of every export."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    return "'" + value if is_formula_like(value) else value


class _Echo:
    """A file-like object whose write returns the line: csv.writer then yields it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Row]) -> Iterator[str]:
    """The rows (header first) as CSV lines, a byte order mark before the first."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_response(
    filename: str, rows: Iterable[Row], *, stream: bool = False
) -> HttpResponse | StreamingHttpResponse:
    """The CSV file; `stream=True` for a big export: memory stays flat whatever the number of
    rows (a lazy `rows` is then read as it is sent, after the view returned: open the scope
    and language it needs inside it)."""
    response: HttpResponse | StreamingHttpResponse
    if stream:
        response = StreamingHttpResponse(csv_lines(rows), content_type=CSV_TYPE)
    else:
        response = HttpResponse("".join(csv_lines(rows)), content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title)
    return cleaned[:31] or "Export"


def xlsx_file(sheets: Iterable[Sheet]) -> IO[bytes]:
    """The workbook in a temporary file, numbers as numbers and every text as text."""
    from openpyxl import Workbook  # here: openpyxl (and numpy) cost 0.8 s at start-up

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=_sheet_title(title))
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115  closed by the response
    workbook.save(output)
    output.seek(0)
    return output


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if not is_formula_like(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would store "=…" as a formula
    return cell


def xlsx_response(
    filename: str, sheets: Iterable[Sheet], *, stream: bool = False
) -> HttpResponse | FileResponse:
    """The workbook; `stream=True` sends it from its temporary file (a big export)."""
    output = xlsx_file(sheets)
    if stream:
        return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
    with output:
        response = HttpResponse(output.read(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
