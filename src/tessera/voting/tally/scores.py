"""The score of each project, the number every greedy rule sorts by."""

from __future__ import annotations

from collections import Counter
from itertools import chain
from operator import attrgetter

from .model import POINTS_VOTE_TYPES, Ballot, Instance

Distinct = dict[tuple[tuple[str, ...], tuple[int, ...]], int]


def distinct_ballots(instance: Instance) -> Distinct:
    """(choices, points) of each different ballot and how many voters cast it. Real votes
    repeat a lot (a choose-1 vote of 131,778 voters has 96 different ballots), so counting
    from these is much faster than ballot by ballot."""
    if _one_voter_each(instance):
        if instance.vote_type not in POINTS_VOTE_TYPES:
            counted = Counter(map(attrgetter("choices"), instance.ballots))
            return {(choices, ()): weight for choices, weight in counted.items()}
        return dict(Counter(map(attrgetter("choices", "points"), instance.ballots)))
    counts: Distinct = {}
    for ballot in instance.ballots:
        key = (ballot.choices, ballot.points)
        counts[key] = counts.get(key, 0) + ballot.weight
    return counts


def _one_voter_each(instance: Instance) -> bool:
    # map/attrgetter keep these loops in C: they run on every count of 100,000 ballots
    return not any(map((1).__ne__, map(attrgetter("weight"), instance.ballots)))


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
    """How many voters support each project (see `supported`)."""
    counts = dict.fromkeys(instance.project_ids(), 0)
    if (
        distinct is None
        and _one_voter_each(instance)
        and instance.vote_type not in POINTS_VOTE_TYPES
    ):
        # every choice is one supporter: count them all in C
        counts.update(Counter(chain.from_iterable(map(attrgetter("choices"), instance.ballots))))
        return counts
    for (choices, points), weight in (distinct or distinct_ballots(instance)).items():
        for project_id in supported_choices(choices, points):
            counts[project_id] += weight
    return counts


def scores(instance: Instance, distinct: Distinct | None = None) -> dict[str, int]:
    """Approvals for approval and choose-1, points for cumulative and scoring, rank points
    (rank 1 of k scores k, rank k scores 1) for ordinal ballots."""
    if instance.vote_type in POINTS_VOTE_TYPES:
        distinct = distinct or distinct_ballots(instance)
        totals = dict.fromkeys(instance.project_ids(), 0)
        for (choices, points), weight in distinct.items():
            for project_id, given in zip(choices, points, strict=True):
                totals[project_id] += weight * given
        return totals
    if instance.vote_type == "ordinal":
        distinct = distinct or distinct_ballots(instance)
        k = rank_length(instance)
        totals = dict.fromkeys(instance.project_ids(), 0)
        for (choices, _), weight in distinct.items():
            for position, project_id in enumerate(choices):
                totals[project_id] += weight * (k - position)
        return totals
    return supporters(instance, distinct)
