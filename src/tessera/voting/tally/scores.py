"""The score of each project, the number every greedy rule sorts by."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from itertools import chain, compress, repeat
from operator import attrgetter, gt, itemgetter
from typing import Any

from .model import POINTS_VOTE_TYPES, Ballot, Instance

Distinct = dict[tuple[tuple[str, ...], tuple[int, ...]], int]

_MEMO_SIZE = 4
_memos: list[tuple[Instance, dict[str, Any]]] = []
_memo_lock = threading.Lock()


def memo(instance: Instance) -> dict[str, Any]:
    """A cache for what the rules derive from `instance` (its distinct ballots, its election),
    so that counting it again, with another rule or for its scores, reuses them. Instances
    are immutable; the last few are held by identity (not by equality, which would hash every
    ballot)."""
    with _memo_lock:
        for held, found in _memos:
            if held is instance:
                return found
        made: dict[str, Any] = {}
        _memos.append((instance, made))
        del _memos[:-_MEMO_SIZE]
        return made


def forget(instance: Instance | None = None) -> None:
    """Drop what `memo` holds for `instance` (for every instance if None): the next count
    starts from the ballots again (benchmarks time it so)."""
    with _memo_lock:
        _memos[:] = [] if instance is None else [e for e in _memos if e[0] is not instance]


def distinct_ballots(instance: Instance) -> Distinct:
    """(choices, points) of each different ballot and how many voters cast it. Real votes
    repeat a lot (a choose-1 vote of 131,778 voters has 96 different ballots), so counting
    from these is much faster than ballot by ballot. Computed once per instance (`memo`):
    do not modify the result."""
    cache = memo(instance)
    found: Distinct | None = cache.get("distinct")
    if found is None:
        found = cache["distinct"] = _distinct_ballots(instance)
    return found


def _distinct_ballots(instance: Instance) -> Distinct:
    if one_voter_each(instance):
        if instance.vote_type not in POINTS_VOTE_TYPES:
            counted = Counter(map(attrgetter("choices"), instance.ballots))
            return {(choices, ()): weight for choices, weight in counted.items()}
        return dict(Counter(map(attrgetter("choices", "points"), instance.ballots)))
    counts: Distinct = {}
    for ballot in instance.ballots:
        key = (ballot.choices, ballot.points)
        counts[key] = counts.get(key, 0) + ballot.weight
    return counts


def one_voter_each(instance: Instance) -> bool:
    # map/attrgetter keep these loops in C: they run on every count of 100,000 ballots.
    # Weights are at least 1, so they are all 1 exactly when they add up to the count.
    return sum(map(attrgetter("weight"), instance.ballots)) == len(instance.ballots)


def rank_length(instance: Instance) -> int:
    """k in "rank 1 of k scores k points": the configured maximum, else the longest ballot."""
    if instance.max_choices is not None:
        return instance.max_choices
    return max(map(len, map(attrgetter("choices"), instance.ballots)), default=0)


def supported(ballot: Ballot) -> tuple[str, ...]:
    """The projects a ballot supports: those on it, with at least one point if points."""
    return supported_choices(ballot.choices, ballot.points)


def supported_choices(choices: tuple[str, ...], points: tuple[int, ...]) -> tuple[str, ...]:
    if not points:
        return choices
    return tuple(c for c, p in zip(choices, points, strict=True) if p > 0)


def supporters(instance: Instance, distinct: Distinct | None = None) -> dict[str, int]:
    """How many voters support each project (see `supported`). Computed once per instance
    (`memo`; `distinct` is no longer needed and is ignored); the result is a copy."""
    return dict(_cached(instance, "supporters", _supporters))


def scores(instance: Instance, distinct: Distinct | None = None) -> dict[str, int]:
    """Approvals for approval and choose-1, points for cumulative and scoring, rank points
    (rank 1 of k scores k, rank k scores 1) for ordinal ballots. Computed once per instance
    (`memo`; `distinct` is ignored); the result is a copy."""
    return dict(_cached(instance, "scores", _scores))


def _cached(
    instance: Instance, name: str, compute: Callable[[Instance], dict[str, int]]
) -> dict[str, int]:
    cache = memo(instance)
    found: dict[str, int] | None = cache.get(name)
    if found is None:
        found = cache[name] = compute(instance)
    return found


def _supporters(instance: Instance) -> dict[str, int]:
    counts = dict.fromkeys(instance.project_ids(), 0)
    grouped: Distinct | None = memo(instance).get("distinct")
    if grouped is None and instance.vote_type not in POINTS_VOTE_TYPES and one_voter_each(instance):
        # every choice is one supporter: count them all in C
        chosen = chain.from_iterable(map(attrgetter("choices"), instance.ballots))
        counts.update(Counter(chosen))
        return counts
    for (choices, points), weight in (grouped or distinct_ballots(instance)).items():
        for project_id in supported_choices(choices, points):
            counts[project_id] += weight
    return counts


def _scores(instance: Instance) -> dict[str, int]:
    if instance.vote_type in POINTS_VOTE_TYPES:
        totals = dict.fromkeys(instance.project_ids(), 0)
        for (choices, points), weight in distinct_ballots(instance).items():
            for project_id, given in zip(choices, points, strict=True):
                totals[project_id] += weight * given
        return totals
    if instance.vote_type == "ordinal":
        if "distinct" not in memo(instance) and one_voter_each(instance):
            return _rank_points_in_c(instance)
        k = rank_length(instance)
        totals = dict.fromkeys(instance.project_ids(), 0)
        for (choices, _), weight in distinct_ballots(instance).items():
            for position, project_id in enumerate(choices):
                totals[project_id] += weight * (k - position)
        return totals
    return _supporters(instance)


def _rank_points_in_c(instance: Instance) -> dict[str, int]:
    """Rank points of one-voter ballots, one count per rank in C: the projects ranked at
    `position` by the ballots longer than `position` (faster than grouping them first)."""
    rankings = list(map(attrgetter("choices"), instance.ballots))
    totals = dict.fromkeys(instance.project_ids(), 0)
    lengths = [] if instance.max_choices else list(map(len, rankings))
    k = instance.max_choices or max(lengths, default=0)  # at least the longest ballot
    # rank 1: every ballot that ranks anything (a tuple is true when not empty), no lengths
    for project_id, count in Counter(map(itemgetter(0), compress(rankings, rankings))).items():
        totals[project_id] += count * k
    if k > 1 and not lengths:
        lengths = list(map(len, rankings))
    for position in range(1, k):
        longer = compress(rankings, map(gt, lengths, repeat(position)))
        counted = Counter(map(itemgetter(position), longer))
        if not counted:
            break  # no ballot is longer
        for project_id, count in counted.items():
            totals[project_id] += count * (k - position)
    return totals
