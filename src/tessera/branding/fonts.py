"""Fonts: the preset web fonts and the validation of an uploaded font file.

Each preset but the system font is a font under an open licence that the platform serves
itself (static files under branding/fonts/<key>/, copied from Fontsource by
scripts/vendor-fonts, with their licences): the visitor's browser asks no third party, and
the font looks the same on every machine. The classic stack behind it draws the page while
the file loads and any character the font lacks.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from fontTools.ttLib import TTFont

SANS = '"Helvetica Neue", Arial, "Liberation Sans", sans-serif'
SERIF = 'Georgia, Cambria, "Liberation Serif", serif'
SYSTEM = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", '
    '"Liberation Sans", Arial, sans-serif'
)


@dataclass(frozen=True)
class FontPreset:
    key: str
    label: str | Promise
    family: str  # the served font's family name; "" for the system's own font
    fallback: str

    @property
    def stack(self) -> str:
        return f'"{self.family}", {self.fallback}' if self.family else self.fallback

    @property
    def stylesheet(self) -> str:
        """The static style sheet of its @font-face rules ("" for the system font)."""
        return f"branding/fonts/{self.key}/font.css" if self.family else ""


PRESETS: tuple[FontPreset, ...] = (
    FontPreset("system-ui", _("The device's own font (nothing to download)"), "", SYSTEM),
    FontPreset("inter", _("Inter: sans serif, neo-grotesque"), "Inter", SANS),
    FontPreset("source-sans-3", _("Source Sans 3: sans serif, humanist"), "Source Sans 3", SANS),
    FontPreset("open-sans", _("Open Sans: sans serif, humanist"), "Open Sans", SANS),
    FontPreset("work-sans", _("Work Sans: sans serif, grotesque"), "Work Sans", SANS),
    FontPreset("fira-sans", _("Fira Sans: sans serif, humanist"), "Fira Sans", SANS),
    FontPreset("montserrat", _("Montserrat: sans serif, geometric"), "Montserrat", SANS),
    FontPreset("nunito", _("Nunito: sans serif, rounded"), "Nunito", SANS),
    FontPreset(
        "barlow-condensed",
        _("Barlow Condensed: sans serif, condensed (road signs)"),
        "Barlow Condensed",
        '"Arial Narrow", sans-serif-condensed, sans-serif',
    ),
    FontPreset(
        "atkinson-hyperlegible",
        _("Atkinson Hyperlegible: reading comfort, for low vision"),
        "Atkinson Hyperlegible",
        SANS,
    ),
    FontPreset("lexend", _("Lexend: reading comfort, wide spacing"), "Lexend", SANS),
    FontPreset("andika", _("Andika: reading comfort, for beginning readers"), "Andika", SANS),
    FontPreset("opendyslexic", _("OpenDyslexic: for readers with dyslexia"), "OpenDyslexic", SANS),
    FontPreset("merriweather", _("Merriweather: serif for screens"), "Merriweather", SERIF),
    FontPreset("source-serif-4", _("Source Serif 4: serif, transitional"), "Source Serif 4", SERIF),
    FontPreset("eb-garamond", _("EB Garamond: serif, old style"), "EB Garamond", SERIF),
    FontPreset(
        "playfair-display", _("Playfair Display: serif, high contrast"), "Playfair Display", SERIF
    ),
    FontPreset("roboto-slab", _("Roboto Slab: slab serif"), "Roboto Slab", SERIF),
    FontPreset(
        "jetbrains-mono",
        _("JetBrains Mono: monospace"),
        "JetBrains Mono",
        'ui-monospace, Menlo, Consolas, "Liberation Mono", monospace',
    ),
    FontPreset("caveat", _("Caveat: handwritten"), "Caveat", '"Segoe Print", cursive'),
)
PRESETS_BY_KEY = {preset.key: preset for preset in PRESETS}
DEFAULT_PRESET = "system-ui"


def preset_choices() -> list[tuple[str, str | Promise]]:
    return [(preset.key, preset.label) for preset in PRESETS]


def preset(key: str) -> FontPreset:
    """The preset of `key`, the system font for a key no preset has (any more)."""
    return PRESETS_BY_KEY.get(key, PRESETS_BY_KEY[DEFAULT_PRESET])


def preset_stack(key: str) -> str:
    return preset(key).stack


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
