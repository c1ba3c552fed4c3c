"""The printable sheet of one-time voting codes: a PDF of cut-out cards, eight per A4 page.

Each card carries the site's name, the process and step, the address to vote at, the code in
large type with its number, and short instructions in the active language (the staff
member's). fpdf2 draws it in pure Python with the PDF's built-in fonts (Helvetica, Courier):
nothing to install on the server, no font file to ship. Those fonts cover Windows-1252, which
holds French and English typography (’ « » € œ); any other character prints as "?".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from fpdf import FPDF

# A4 in millimetres, cut into 2 x 4 cards of 105 x 74.25 mm (the size of an A7 card, a quarter
# of a letter once folded).
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0
COLUMNS, ROWS = 2, 4
CARD_WIDTH, CARD_HEIGHT = PAGE_WIDTH / COLUMNS, PAGE_HEIGHT / ROWS
MARGIN = 7.0
TITLE_MAX = 140  # characters of the process title: a card has room for two lines


def codes_pdf(
    *, site_name: str, process: str, step: str, url: str, pairs: Sequence[tuple[int, str]]
) -> bytes:
    """The PDF of `pairs` ((number, code) as voting_codes_generate returns them)."""
    from fpdf import FPDF  # here, not at start: fpdf costs every command's start-up

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(_printable(_("Voting codes") + f" · {process}"))
    pdf.set_creator(_printable(site_name))
    per_page = COLUMNS * ROWS
    for index, (serial, code) in enumerate(pairs):
        if index % per_page == 0:
            pdf.add_page()
            _cut_lines(pdf)
        place = index % per_page
        _card(
            pdf,
            x=(place % COLUMNS) * CARD_WIDTH + MARGIN,
            y=(place // COLUMNS) * CARD_HEIGHT + MARGIN,
            texts={
                "site": _printable(site_name),
                "process": _printable(_shorten(f"{process} — {step}")),
                "vote_at": _printable(_("Vote online at:")),
                "url": _printable(url),
                "code": _printable(code),
                "serial": _printable(_("No. %(number)s") % {"number": serial}),
                "how": _printable(
                    _(
                        "Open the address above, choose your projects, then enter this code. "
                        "It can be used once: keep it to yourself."
                    )
                ),
            },
        )
    return bytes(pdf.output())


def _card(pdf: FPDF, *, x: float, y: float, texts: dict[str, str]) -> None:
    width = CARD_WIDTH - 2 * MARGIN
    pdf.set_xy(x, y)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(width, 5, texts["site"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(x, y + 6)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(width, 4, texts["process"], max_line_height=4)
    pdf.set_xy(x, y + 16)
    pdf.set_font("Helvetica", "", 8)
    pdf.cell(width, 4, texts["vote_at"])
    pdf.set_xy(x, y + 20)
    pdf.set_font("Helvetica", "B", 9)
    pdf.multi_cell(width, 4, texts["url"])
    pdf.set_xy(x, y + 30)
    pdf.set_font("Courier", "B", 20)
    pdf.cell(width, 10, texts["code"], align="C")
    pdf.set_xy(x, y + 41)
    pdf.set_font("Helvetica", "", 7)
    pdf.cell(width, 3, texts["serial"], align="R")
    pdf.set_xy(x, y + 46)
    pdf.set_font("Helvetica", "", 8)
    pdf.multi_cell(width, 3.6, texts["how"])


def _cut_lines(pdf: FPDF) -> None:
    pdf.set_draw_color(150, 150, 150)
    pdf.set_line_width(0.2)
    with pdf.local_context():
        pdf.set_dash_pattern(dash=2, gap=2)
        for column in range(1, COLUMNS):
            pdf.line(column * CARD_WIDTH, 0, column * CARD_WIDTH, PAGE_HEIGHT)
        for row in range(1, ROWS):
            pdf.line(0, row * CARD_HEIGHT, PAGE_WIDTH, row * CARD_HEIGHT)


def _shorten(text: str) -> str:
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1].rstrip() + "…"


def _printable(text: str) -> str:
    """Text the built-in fonts can draw: French spaces become plain no-break spaces, and a
    character outside Windows-1252 becomes "?" rather than an error."""
    text = text.replace("\u202f", "\u00a0")
    return text.encode("cp1252", errors="replace").decode("cp1252")
