"""Pure rules of "reconduire l'édition": the next edition's title and short name."""

from __future__ import annotations

import re
from collections.abc import Collection

YEAR = re.compile(r"(?<!\d)(19|20)(\d\d)(?!\d)")


def next_edition_title(title: str, years: int = 1) -> str | None:
    """The title with each year moved on ("Budget participatif 2025" → "… 2026"); None when
    the title holds no year (the caller then says in words that it is a new edition)."""
    if not YEAR.search(title):
        return None
    return YEAR.sub(lambda match: str(int(match.group(0)) + years), title)


def free_slug(wanted: str, taken: Collection[str], max_length: int = 80) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`… the first one no other process uses."""
    slug = wanted[:max_length]
    number = 2
    while slug in taken:
        suffix = f"-{number}"
        slug = wanted[: max_length - len(suffix)] + suffix
        number += 1
    return slug
