"""Extension points for the apps above proposals (comments, analysis, voting).

proposals cannot import them (layers), so they register here from their AppConfig.ready():

    from tessera.proposals import hooks
    hooks.register_detail_section(render_comments)  # (request, proposal) -> HTML

Each section renders below the proposal on its page, in registration order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tessera.core.sections import SectionRegistry

if TYPE_CHECKING:
    from tessera.proposals.models import Proposal

_sections: SectionRegistry[Proposal] = SectionRegistry()

register_detail_section = _sections.register
detail_sections = _sections.render
