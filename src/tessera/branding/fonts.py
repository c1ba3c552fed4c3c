"""Fonts: the 14 preset stacks and the validation of an uploaded font file.

The presets are system font stacks (see docs/decisions/0004-white-label.md): each names fonts
that ship with Windows, macOS, Android, iOS or common Linux desktops for one classic style, so
the visitor's own machine draws them and no font file travels to a third party.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from fontTools.ttLib import TTFont


@dataclass(frozen=True)
class FontPreset:
    key: str
    label: str | Promise
    stack: str


PRESETS: tuple[FontPreset, ...] = (
    FontPreset(
        "system-ui",
        _("System interface (sans serif)"),
        'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", '
        '"Liberation Sans", Arial, sans-serif',
    ),
    FontPreset(
        "neo-grotesque",
        _("Neo-grotesque (Helvetica, Arial)"),
        'Inter, Roboto, "Helvetica Neue", "Arial Nova", "Nimbus Sans", "Liberation Sans", '
        "Arial, sans-serif",
    ),
    FontPreset(
        "humanist",
        _("Humanist sans serif (Seravek, Calibri)"),
        'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif',
    ),
    FontPreset(
        "geometric-humanist",
        _("Geometric sans serif (Avenir, Century Gothic)"),
        'Avenir, Montserrat, Corbel, "URW Gothic", source-sans-pro, sans-serif',
    ),
    FontPreset(
        "classical-humanist",
        _("Classical humanist (Optima, Candara)"),
        'Optima, Candara, "Noto Sans", source-sans-pro, sans-serif',
    ),
    FontPreset(
        "rounded",
        _("Rounded sans serif"),
        'ui-rounded, "Hiragino Maru Gothic ProN", Quicksand, Comfortaa, Manjari, '
        '"Arial Rounded MT", "Arial Rounded MT Bold", Calibri, source-sans-pro, sans-serif',
    ),
    FontPreset(
        "industrial",
        _("Industrial condensed (DIN, Bahnschrift)"),
        'Bahnschrift, "DIN Alternate", "Franklin Gothic Medium", "Nimbus Sans Narrow", '
        "sans-serif-condensed, sans-serif",
    ),
    FontPreset(
        "transitional",
        _("Transitional serif (Charter, Cambria)"),
        'Charter, "Bitstream Charter", "Sitka Text", Cambria, "Liberation Serif", serif',
    ),
    FontPreset(
        "old-style",
        _("Old-style serif (Garamond)"),
        '"Iowan Old Style", "Palatino Linotype", "URW Palladio L", P052, Garamond, serif',
    ),
    FontPreset(
        "didone",
        _("Didone serif (Didot, Bodoni)"),
        'Didot, "Bodoni MT", "Noto Serif Display", "URW Palladio L", P052, Sylfaen, serif',
    ),
    FontPreset(
        "slab-serif",
        _("Slab serif (Rockwell)"),
        'Rockwell, "Rockwell Nova", "Roboto Slab", "DejaVu Serif", "Sitka Small", serif',
    ),
    FontPreset(
        "antique",
        _("Antique serif (Superclarendon)"),
        'Superclarendon, "Bookman Old Style", "URW Bookman", "URW Bookman L", '
        '"Georgia Pro", Georgia, serif',
    ),
    FontPreset(
        "monospace",
        _("Monospace"),
        'ui-monospace, "Cascadia Code", "Source Code Pro", Menlo, Consolas, '
        '"DejaVu Sans Mono", "Liberation Mono", monospace',
    ),
    FontPreset(
        "handwritten",
        _("Handwritten"),
        '"Segoe Print", "Bradley Hand", Chilanka, TSCu_Comic, casual, cursive',
    ),
)
PRESETS_BY_KEY = {preset.key: preset for preset in PRESETS}
DEFAULT_PRESET = "system-ui"


def preset_choices() -> list[tuple[str, str | Promise]]:
    return [(preset.key, preset.label) for preset in PRESETS]


def preset_stack(key: str) -> str:
    return PRESETS_BY_KEY.get(key, PRESETS_BY_KEY[DEFAULT_PRESET]).stack


# --- Uploaded fonts ---------------------------------------------------------------------------

MAX_FONT_BYTES = 2 * 1024 * 1024
CONTENT_TYPES = {"woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf", "otf": "font/otf"}
# The first bytes of each container; fontTools reads the file only if they match.
_SIGNATURES = {b"wOF2": "woff2", b"wOFF": "woff", b"\x00\x01\x00\x00": "ttf", b"true": "ttf"}
_OTTO = b"OTTO"
_REQUIRED_TABLES = ("head", "hhea", "maxp", "name", "cmap", "hmtx")


@dataclass(frozen=True)
class FontInfo:
    """What a valid uploaded font is: its container format and family name."""

    format: str  # a key of CONTENT_TYPES
    family: str
    glyphs: int


def font_validate(data: bytes) -> FontInfo:
    """Read a font file completely, or raise a ValidationError a customer can act on.

    Every table is decompiled (not only the directory), so a truncated or corrupt file fails
    here rather than in the visitor's browser.
    """
    if len(data) > MAX_FONT_BYTES:
        raise ValidationError(
            _("This font file is too large (%(size)s MB); the limit is %(limit)s MB."),
            code="too_large",
            params={
                "size": number_format(len(data) / 1_048_576, decimal_pos=1),
                "limit": MAX_FONT_BYTES // 1_048_576,
            },
        )
    signature = data[:4]
    container = "otf" if signature == _OTTO else _SIGNATURES.get(signature)
    if container is None:
        raise ValidationError(
            _("This file is not a font. Send a WOFF2, WOFF, TTF or OTF file."), code="not_a_font"
        )
    try:
        font = TTFont(io.BytesIO(data), lazy=False, recalcBBoxes=False, recalcTimestamp=False)
        missing = [tag for tag in _REQUIRED_TABLES if tag not in font]
        has_outlines = "glyf" in font or "CFF " in font or "CFF2" in font
        for tag in font.keys():  # noqa: SIM118  TTFont has no __iter__
            font[tag]  # decompiles the table: raises on truncated or corrupt data
        family = _family_name(font)
        glyphs = len(font.getGlyphOrder())
        has_cmap = bool(font.getBestCmap())
    except Exception as error:  # TTLibError, but also struct.error, AssertionError, EOFError…
        raise _damaged() from error
    if missing or not has_outlines or not has_cmap or glyphs < 2:
        raise _damaged()
    if signature == b"\x00\x01\x00\x00" and "CFF " in font:
        container = "otf"
    return FontInfo(format=container, family=family, glyphs=glyphs)


def _family_name(font: TTFont) -> str:
    name_table = font["name"]
    for name_id in (16, 1):  # typographic family first, then the legacy family name
        record = name_table.getDebugName(name_id)
        if record:
            return str(record).strip()[:100]
    return ""


def _damaged() -> ValidationError:
    return ValidationError(
        _("This font file is damaged or incomplete; export it again from the original font."),
        code="damaged",
    )
