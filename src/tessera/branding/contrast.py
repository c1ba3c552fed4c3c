"""Colour contrast as WCAG 2.1 measures it: pure functions, no Django, no I/O.

A customer picks four colours; these functions say whether the pairs the site will really show
(text on the background, links and buttons, text on the secondary band) are readable, by how
much they fail, and which nearby colour would pass, so that the form can refuse a combination
with the measured ratio and a suggestion instead of a bare "no".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AA_TEXT = 4.5  # WCAG 2.1 success criterion 1.4.3, normal text
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


def parse_hex(color: str) -> tuple[int, int, int]:
    """ "#1d4f91" → (29, 79, 145); raises ValueError on anything but six hex digits."""
    match = _HEX.match(color.strip())
    if match is None:
        raise ValueError(f"Not a #RRGGBB colour: {color!r}")
    digits = match.group(1)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(max(0, min(255, round(c))) for c in rgb))


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG relative luminance: 0 for black, 1 for white."""
    red, green, blue = (_linear(channel) for channel in parse_hex(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05) with L1 the lighter: from 1 (same colour) to 21 (black/white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(first: str, second: str, weight: float) -> str:
    """`weight` of the first colour and the rest of the second, channel by channel in sRGB."""
    a, b = parse_hex(first), parse_hex(second)
    return to_hex(tuple(weight * x + (1 - weight) * y for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]


def suggest_readable(foreground: str, background: str, minimum: float = AA_TEXT) -> str:
    """The colour closest to `foreground` that reaches `minimum` on `background`.

    It moves the foreground toward black or toward white, whichever direction can reach the
    ratio (darker on a light background, lighter on a dark one), by the smallest step found
    with a bisection; the hue is kept as far as the ratio allows.
    """
    if contrast_ratio(foreground, background) >= minimum:
        return foreground.lower()
    candidates = []
    for extreme in ("#000000", "#ffffff"):
        if contrast_ratio(extreme, background) < minimum:
            continue
        low, high = 0.0, 1.0  # share of the extreme mixed in: `high` always passes
        for _ in range(20):
            middle = (low + high) / 2
            if contrast_ratio(mix(extreme, foreground, middle), background) >= minimum:
                high = middle
            else:
                low = middle
        candidate = mix(extreme, foreground, high)
        # Rounding to whole channels may land a hair under the minimum: step once more.
        while contrast_ratio(candidate, background) < minimum:
            high = min(1.0, high + 0.01)
            candidate = mix(extreme, foreground, high)
        candidates.append((high, candidate))
    if not candidates:  # a mid-grey background: nothing reaches the ratio, black comes closest
        return "#000000"
    return min(candidates)[1]


@dataclass(frozen=True)
class ContrastProblem:
    """One pair of colours the site shows together that does not reach the ratio.

    `color` is the one to change (a named colour of the identity), `against` the other one;
    `suggestion` is the nearest colour to `color` that passes against `against`.
    """

    pair: str  # "text-background", "primary-background" or "text-secondary"
    field: str  # "text", "primary" or "secondary"
    color: str
    against: str
    ratio: float
    suggestion: str
    minimum: float = AA_TEXT


def identity_contrast_problems(
    *, primary: str, secondary: str, background: str, text: str
) -> list[ContrastProblem]:
    """The pairs of an identity that fail WCAG AA for text (4.5:1), in the order shown.

    - the text colour on the background (every paragraph);
    - the primary colour on the background (links), which is also the background colour on the
      primary one (button labels): the same ratio;
    - the text colour on the secondary colour (the home page's banner and the footer); there
      the secondary colour is the one to change, the text colour being already checked.
    """
    pairs = [
        ("text-background", "text", text, background),
        ("primary-background", "primary", primary, background),
        ("text-secondary", "secondary", secondary, text),
    ]
    problems = []
    for name, field, color, against in pairs:
        ratio = contrast_ratio(color, against)
        if ratio < AA_TEXT:
            problems.append(
                ContrastProblem(
                    pair=name,
                    field=field,
                    color=color.lower(),
                    against=against.lower(),
                    ratio=ratio,
                    suggestion=suggest_readable(color, against),
                )
            )
    return problems


def theme_palette(*, primary: str, secondary: str, background: str, text: str) -> dict[str, str]:
    """Every colour the style sheet uses, derived from the four chosen ones and kept readable.

    The fixed colours of the base style (muted text, success, error) are moved, when the chosen
    background needs it, to the nearest colour that still reaches 4.5:1 on it.
    """
    surface = mix(text, background, 0.05)
    return {
        "primary": primary.lower(),
        "secondary": secondary.lower(),
        "background": background.lower(),
        "text": text.lower(),
        "on-primary": background.lower(),
        "surface": surface,
        "border": mix(text, background, 0.25),
        # Form fields' outlines are user-interface components: 3:1 (WCAG 1.4.11).
        "control-border": suggest_readable(mix(text, background, 0.6), background, 3.0),
        "muted": suggest_readable(mix(text, background, 0.75), surface),
        "success": suggest_readable("#1e6b34", surface),
        "error": suggest_readable("#b00020", surface),
    }
