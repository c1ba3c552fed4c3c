"""Extension points for the apps above followup (notifications: the "Follow" button).

followup cannot import them (layers), so they register here from their AppConfig.ready():

    from tessera.followup import hooks
    hooks.register_detail_section(render_follow_button)  # (request, realisation) -> HTML

Each section renders on the realisation's page, after its facts, in registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from tessera.followup.models import Realisation

DetailSection = Callable[["HttpRequest", "Realisation"], str]

_detail_sections: list[DetailSection] = []


def register_detail_section(section: DetailSection) -> DetailSection:
    if section not in _detail_sections:
        _detail_sections.append(section)
    return section


def detail_sections(request: HttpRequest, realisation: Realisation) -> list[str]:
    """The HTML of every registered section for this realisation's page (already safe HTML)."""
    return [section(request, realisation) for section in _detail_sections]
