"""Voters as groups, and each project's supporting groups: the input of plain MES (mes_plain).

Listing the supporters of every project takes one pass over all the choices of all the
ballots, the most expensive step of counting a large vote; the rest of plain MES works on
these lists. Whether identical ballots are merged first depends on the vote: real votes
repeat a lot (Łódź 2022: 90,494 ballots, 23,571 different ones; a choose-1 vote of 131,778
ballots has 96), and merging then shortens every list; a vote that hardly repeats would pay
for a merging pass (a hash of every ballot) that saves little, so its ballots are listed one
by one. Both give the same counts: identical groups need not be merged (mes_core).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from operator import attrgetter

from .mes_core import EXPAND_UP_TO
from .model import POINTS_VOTE_TYPES, Ballot, Instance
from .scores import distinct_ballots, memo, one_voter_each, supported_choices

_SAMPLE_EVERY = 16  # ballots sampled to decide whether to merge identical ones
_SAMPLE_AT_LEAST = 64  # below this many sampled ballots, merge: either way is instant
_MERGE_FROM = 0.3  # share of the sample repeating another sampled ballot


@dataclass(frozen=True, slots=True)
class Groups:
    """Voters in groups of identical support (groups 0..count-1), and per project the
    groups supporting it.

    `listed[p]` names each group supporting p, a group of weight w up to EXPAND_UP_TO w
    times and a heavier one once, its weight beyond 1 in `heavy[p]` as (group, weight - 1):
    counting the entries of `listed[p]` in C then counts voters, with a short loop for the
    few heavy groups. `widest` is the most projects one group supports (None: not computed).
    """

    count: int
    voters: int
    listed: tuple[list[int], ...]
    heavy: tuple[tuple[tuple[int, int], ...], ...]
    supporters: tuple[int, ...]  # weighted supporters of each project
    widest: int | None


def groups_of(instance: Instance) -> Groups:
    """The groups of `instance`, computed once (scores.memo): do not modify them."""
    cache = memo(instance)
    found: Groups | None = cache.get("groups")
    if found is None:
        found = cache["groups"] = make_groups(instance)
    return found


def make_groups(instance: Instance, merge: bool | None = None) -> Groups:
    """The groups of `instance`: identical ballots merged when `merge`, each ballot its own
    group otherwise (not for points ballots, always merged); when None, as the sample of
    `repeats_enough` says."""
    ids = instance.project_ids()
    points = instance.vote_type in POINTS_VOTE_TYPES
    if merge is None:
        # a choose-1 vote has at most one group per project: merging always pays
        merge = points or instance.vote_type == "choose-1" or repeats_enough(instance)
    if merge or points:
        supports, weights = supports_and_weights(instance)
        return _from_supports(ids, supports, weights)
    listed: list[list[int]] = [[] for _ in ids]
    lists = dict(zip(ids, listed, strict=True))
    weighted: list[tuple[int, Ballot]] = []
    group = 0
    # The pass over every choice, the cost of the whole count: one specialised list append
    # per choice, the cheapest Python has (a C-level map over append, or bound methods
    # looked up per choice, measured slower), and a weight check per ballot.
    for ballot in instance.ballots:
        for project_id in ballot.choices:
            lists[project_id].append(group)
        if ballot.weight != 1:
            weighted.append((group, ballot))
        group += 1
    heavy: list[list[tuple[int, int]]] = [[] for _ in ids]
    heavier = dict(zip(ids, heavy, strict=True))
    count = voters = group
    for group, ballot in weighted:
        voters += ballot.weight - 1
        for project_id in ballot.choices:  # listed once already
            _list(lists[project_id], heavier[project_id], group, ballot.weight, 1)
    supporters = _weighted(listed, heavy)
    # widest is left out: it would cost another pass, and only selects a shortcut
    return Groups(count, voters, tuple(listed), tuple(map(tuple, heavy)), supporters, None)


def repeats_enough(instance: Instance) -> bool:
    """Whether merging identical ballots pays for itself: the share of every 16th ballot
    that repeats another of them (Łódź 2022: 0.62; the benchmark's synthetic vote: 0.16)."""
    sample = instance.ballots[::_SAMPLE_EVERY]
    if len(sample) < _SAMPLE_AT_LEAST:
        return True
    different = len(set(map(attrgetter("choices"), sample)))
    return different <= (1 - _MERGE_FROM) * len(sample)


def supports_and_weights(instance: Instance) -> tuple[list[tuple[str, ...]], list[int]]:
    """The supports of the distinct ballots and how many voters cast each."""
    if (
        instance.vote_type not in POINTS_VOTE_TYPES
        and "distinct" not in memo(instance)
        and one_voter_each(instance)
    ):
        # one C pass, without the (choices, points) keys that distinct_ballots builds
        grouped = Counter(map(attrgetter("choices"), instance.ballots))
        return list(grouped), list(grouped.values())
    distinct = distinct_ballots(instance)
    if instance.vote_type in POINTS_VOTE_TYPES:
        supports = [supported_choices(choices, points) for choices, points in distinct]
    else:
        supports = [choices for choices, _ in distinct]
    return supports, list(distinct.values())


def _from_supports(
    ids: tuple[str, ...], supports: list[tuple[str, ...]], weights: list[int]
) -> Groups:
    listed: list[list[int]] = [[] for _ in ids]
    heavy: list[list[tuple[int, int]]] = [[] for _ in ids]
    lists = dict(zip(ids, listed, strict=True))
    heavier = dict(zip(ids, heavy, strict=True))
    for group, (support, weight) in enumerate(zip(supports, weights, strict=True)):
        if weight == 1:
            for project_id in support:
                lists[project_id].append(group)
        else:
            for project_id in support:
                _list(lists[project_id], heavier[project_id], group, weight, 0)
    widest = max(map(len, supports), default=0)
    return Groups(
        len(weights),
        sum(weights),
        tuple(listed),
        tuple(map(tuple, heavy)),
        _weighted(listed, heavy),
        widest,
    )


def _list(
    members: list[int], heavy: list[tuple[int, int]], group: int, weight: int, already: int
) -> None:
    """List `group`, of `weight` voters, among a project's supporters as Groups describes,
    `already` (0 or 1) of its entries being listed."""
    if weight <= EXPAND_UP_TO:
        members.extend([group] * (weight - already))
    else:
        members.extend([group] * (1 - already))
        heavy.append((group, weight - 1))


def _weighted(listed: list[list[int]], heavy: list[list[tuple[int, int]]]) -> tuple[int, ...]:
    return tuple(
        len(members) + sum(extra for _, extra in more)
        for members, more in zip(listed, heavy, strict=True)
    )
