"""A registry of page sections, for the extension points of an app's pages.

An app cannot import the apps above it (layers), so each page that others extend keeps a
registry in its app's `hooks.py`; the apps above register a section from their
AppConfig.ready(). A section is `section(request, obj) -> str` (already safe HTML), rendered in
registration order; registering the same one twice keeps one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest


class SectionRegistry[T]:
    def __init__(self) -> None:
        self._sections: list[Callable[[HttpRequest, T], str]] = []

    def register(self, section: Callable[[HttpRequest, T], str]) -> Callable[[HttpRequest, T], str]:
        if section not in self._sections:
            self._sections.append(section)
        return section

    def render(self, request: HttpRequest, obj: T) -> list[str]:
        """The HTML of every registered section for this object's page."""
        return [section(request, obj) for section in self._sections]
