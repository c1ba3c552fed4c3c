"""Extension points for the apps above processes (notifications: the follow button).

processes cannot import them (layers), so they register here from their AppConfig.ready():

    from tessera.processes import hooks
    hooks.register_detail_section(render_follow)  # (request, process) -> HTML

Each section renders on the process page, below its summary, in registration order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tessera.core.sections import SectionRegistry

if TYPE_CHECKING:
    from tessera.processes.models import Process

_sections: SectionRegistry[Process] = SectionRegistry()

register_detail_section = _sections.register
detail_sections = _sections.render
