"""Extension points for the apps above processes (notifications: the follow button).

processes cannot import them (layers), so they register here from their AppConfig.ready():

    from tessera.processes import hooks
    hooks.register_detail_section(render_follow)  # (request, process) -> HTML

Each section renders on the process page, below its summary, in registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from tessera.processes.models import Process

DetailSection = Callable[["HttpRequest", "Process"], str]

_detail_sections: list[DetailSection] = []


def register_detail_section(section: DetailSection) -> DetailSection:
    if section not in _detail_sections:
        _detail_sections.append(section)
    return section


def detail_sections(request: HttpRequest, process: Process) -> list[str]:
    """The HTML of every registered section for this process's page (already safe HTML)."""
    return [section(request, process) for section in _detail_sections]
