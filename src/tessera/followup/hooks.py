"""Extension points for the apps above followup (notifications: the "Follow" button).

followup cannot import them (layers), so they register here from their AppConfig.ready():

    from tessera.followup import hooks
    hooks.register_detail_section(render_follow_button)  # (request, realisation) -> HTML

Each section renders on the realisation's page, after its facts, in registration order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tessera.core.sections import SectionRegistry

if TYPE_CHECKING:
    from tessera.followup.models import Realisation

_sections: SectionRegistry[Realisation] = SectionRegistry()

register_detail_section = _sections.register
detail_sections = _sections.render
