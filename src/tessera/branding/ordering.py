"""Pure: the new order of a list when staff move one row up or down."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Direction = Literal["up", "down"]


def moved(ids: Sequence[int], moving: int, direction: Direction) -> list[int]:
    """`ids` with `moving` swapped with its neighbour; unchanged at either end or if absent."""
    order = list(ids)
    if moving not in order:
        return order
    index = order.index(moving)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    return order
