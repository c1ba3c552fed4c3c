"""Majority judgment (Balinski and Laraki): each option's majority grade (the lower median of
its grades) and the ranking of the options, ties between equal majority grades broken the
standard way. Pure: counts in, ranking out (STYLE.md).

The standard tie-break removes one grade equal to the majority grade from each tied option,
again and again, until their majority grades differ. That is comparing, from first to last,
the sequence of majority grades each option shows as its grades are removed one by one: its
"majority value". The sequence is read from the sorted grades outward from the middle, so it
costs one pass over an option's grades.

A person who answered the question but left an option without a grade counts as giving it
the lowest grade ("à rejeter"): every option is then judged by the same people, which the
method assumes.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Judged[K: Hashable]:
    option: K
    median: int | None  # the majority grade; None when nobody graded anything
    rank: int  # 1 for the winner; equal options share a rank


def majority_value(counts: Sequence[int]) -> tuple[int, ...]:
    """The majority grades an option shows as its grades are removed one at a time, each time
    the one equal to its majority grade. `counts[g]` is how many gave grade `g`."""
    ordered = [grade for grade, count in enumerate(counts) for _ in range(count)]
    total = len(ordered)
    if not total:
        return ()
    middle = (total - 1) // 2
    sequence = [ordered[middle]]
    left, right = middle, middle + 1  # what remains: ordered[:left] and ordered[right:]
    while left or right < total:
        remaining = left + total - right
        if (remaining - 1) // 2 < left:
            left -= 1
            sequence.append(ordered[left])
        else:
            sequence.append(ordered[right])
            right += 1
    return tuple(sequence)


def majority_ranking[K: Hashable](
    counts: Mapping[K, Sequence[int]], judges: int = 0
) -> list[Judged[K]]:
    """The options from the best to the worst. `counts[option][g]`: how many gave it grade g;
    `judges`: how many answered the question (missing grades count as the lowest grade)."""
    values: dict[K, tuple[int, ...]] = {}
    for option, grades in counts.items():
        padded = list(grades) or [0]
        padded[0] += max(0, judges - sum(grades))
        values[option] = majority_value(padded)
    ordered = sorted(values, key=lambda option: values[option], reverse=True)
    result: list[Judged[K]] = []
    for index, option in enumerate(ordered):
        tied = index and values[ordered[index - 1]] == values[option]
        rank = result[-1].rank if tied else index + 1
        value = values[option]
        result.append(Judged(option, value[0] if value else None, rank))
    return result
