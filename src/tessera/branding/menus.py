"""The registry of menu destinations other apps offer (processes), as home sections do.

branding sits below processes: it cannot list them, so the processes app registers a function
that gives (label, address) pairs for the menu editor from its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tessera.organizations.models import Organization

MenuTargets = Callable[["Organization"], list[tuple[str, str]]]

_sources: list[MenuTargets] = []


def register_menu_targets(source: MenuTargets) -> None:
    if source not in _sources:
        _sources.append(source)


def menu_targets(organization: Organization) -> list[tuple[str, str]]:
    return [target for source in _sources for target in source(organization)]
