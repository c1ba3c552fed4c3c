"""Extension points for the apps above proposals (comments, analysis, voting).

proposals cannot import them (layers), so they register here from their AppConfig.ready():

    from tessera.proposals import hooks
    hooks.register_detail_section(render_comments)  # (request, proposal) -> HTML

Each section renders below the proposal on its page, in registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from tessera.proposals.models import Proposal

DetailSection = Callable[["HttpRequest", "Proposal"], str]

_detail_sections: list[DetailSection] = []


def register_detail_section(section: DetailSection) -> DetailSection:
    if section not in _detail_sections:
        _detail_sections.append(section)
    return section


def detail_sections(request: HttpRequest, proposal: Proposal) -> list[str]:
    """The HTML of every registered section for this proposal's page (already safe HTML)."""
    return [section(request, proposal) for section in _detail_sections]
