"""The registry of home page sections, filled by the apps that can render them.

branding stores the sections (kind, order, on/off, their texts) but sits below processes and
the feature apps, so it cannot list processes or proposals itself. Each app that can show a
section registers a renderer for its kind from its AppConfig.ready(), as step kinds do; a kind
with no renderer (highlighted proposals before the proposals app registers one) is skipped.
Figures work the same way: each app adds the numbers it knows (see docs/decisions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.http import HttpRequest

    from tessera.branding.models import HomeSection
    from tessera.organizations.models import Organization

# Renders one section to HTML; "" hides it (nothing to show yet).
SectionRenderer = Callable[["HttpRequest", "HomeSection"], str]

_renderers: dict[str, SectionRenderer] = {}


def register_section(kind: str, renderer: SectionRenderer) -> None:
    existing = _renderers.get(kind)
    if existing is not None and existing is not renderer:
        raise ValueError(f"Home section {kind!r} already has a renderer")
    _renderers[kind] = renderer


def section_renderer(kind: str) -> SectionRenderer | None:
    return _renderers.get(kind)


@dataclass(frozen=True)
class Figure:
    """One number of the figures section: participants, proposals, votes…"""

    key: str
    label: str | Promise
    count: Callable[[Organization], int]
    position: int = 0


_figures: dict[str, Figure] = {}


def register_figure(figure: Figure) -> None:
    _figures[figure.key] = figure


def all_figures() -> list[Figure]:
    return sorted(_figures.values(), key=lambda figure: (figure.position, figure.key))
