"""The identity's colour roles: what each colour paints, what it is drawn on, what it defaults to.

Pure functions, no Django. A customer picks the four base colours (primary, secondary,
background, text); every other role — header, menu, buttons, links, headings, sections,
cards, tags, footer, focus ring, bars — follows from them unless the customer sets it too.
A role left to follow is moved, when needed, to the nearest colour readable on what it is
drawn on; a role the customer set is checked instead, and refused with a suggestion when it
is not readable (see `color_problems`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tessera.branding.contrast import AA_TEXT, ContrastProblem, contrast_ratio, suggest_readable

AA_GRAPHICS = 3.0  # WCAG 2.1 success criterion 1.4.11: focus rings, bars, borders

Palette = dict[str, str]


@dataclass(frozen=True)
class ColorRole:
    key: str  # the custom property is --color-<key>
    group: str
    follows: Callable[[Palette], str]  # its colour when the customer leaves it to follow
    drawn_on: str = ""  # the role it must stay readable on
    minimum: float = AA_TEXT


def _same_as(key: str) -> Callable[[Palette], str]:
    return lambda palette: palette[key]


# In drawing order: a role is drawn on a role listed before it.
ROLES: tuple[ColorRole, ...] = (
    ColorRole("header-background", "header", _same_as("background")),
    ColorRole("header-text", "header", _same_as("text"), "header-background"),
    ColorRole("header-border", "header", _same_as("primary"), "header-background", AA_GRAPHICS),
    ColorRole("menu-link", "menu", _same_as("primary"), "header-background"),
    ColorRole("button-background", "buttons", _same_as("primary")),
    ColorRole("button-text", "buttons", _same_as("on-primary"), "button-background"),
    ColorRole("button-secondary-background", "buttons", _same_as("background")),
    ColorRole(
        "button-secondary-text", "buttons", _same_as("primary"), "button-secondary-background"
    ),
    ColorRole("link", "links", _same_as("primary"), "background"),
    ColorRole("heading", "headings", _same_as("text"), "background"),
    ColorRole("section-background", "sections", _same_as("surface")),
    ColorRole("section-text", "sections", _same_as("text"), "section-background"),
    ColorRole("card-background", "cards", _same_as("background")),
    ColorRole("card-border", "cards", _same_as("border")),
    ColorRole("card-title", "cards", _same_as("text"), "card-background"),
    ColorRole("tag-background", "tags", _same_as("surface")),
    ColorRole("tag-text", "tags", _same_as("text"), "tag-background"),
    ColorRole("footer-background", "footer", _same_as("secondary")),
    ColorRole("footer-text", "footer", _same_as("text"), "footer-background"),
    ColorRole("footer-link", "footer", _same_as("text"), "footer-background"),
    ColorRole("focus", "focus", _same_as("text"), "background", AA_GRAPHICS),
    ColorRole("bar-track", "bars", _same_as("surface")),
    ColorRole("bar", "bars", _same_as("primary"), "bar-track", AA_GRAPHICS),
)
ROLES_BY_KEY = {role.key: role for role in ROLES}
GROUPS = tuple(dict.fromkeys(role.group for role in ROLES))


def roles_resolve(base: Palette, chosen: dict[str, str]) -> Palette:
    """Every role's colour: the customer's when set, else the one it follows, kept readable."""
    palette = dict(base)
    for role in ROLES:
        color = chosen.get(role.key, "").lower()
        if not color:
            color = role.follows(palette)
            if role.drawn_on:
                color = suggest_readable(color, palette[role.drawn_on], role.minimum)
        palette[role.key] = color
    return palette


def color_problems(base: Palette, chosen: dict[str, str]) -> list[ContrastProblem]:
    """The roles the customer set that are not readable on what they are drawn on."""
    palette = roles_resolve(base, chosen)
    problems = []
    for role in ROLES:
        if not (role.drawn_on and chosen.get(role.key)):
            continue
        color, against = palette[role.key], palette[role.drawn_on]
        ratio = contrast_ratio(color, against)
        if ratio < role.minimum:
            problems.append(
                ContrastProblem(
                    pair=f"{role.key}-{role.drawn_on}",
                    field=role.key,
                    color=color,
                    against=against,
                    ratio=ratio,
                    suggestion=suggest_readable(color, against, role.minimum),
                    minimum=role.minimum,
                )
            )
    return problems
