"""Supporter counts per budget class, shared by the MES runs of one completion.

A voter's budget class is the set of funded projects they support, their "path": every voter
still holding money has paid the same cap for each of them. Which voters follow which path
depends only on the projects funded so far, never on the budget, nor even on the order in
which they were funded. The Add1 completion runs MES for many nearby budgets that mostly fund
the same projects, so the expensive part (counting a project's supporters per path, a pass
over its voter groups) is done once per set of winners and shared. Each run decides for
itself which paths still hold money and how much.

Sets of projects (a path, the winners so far: a "node") are bit masks, bit p for project p:
the path of a group after the winners `node` is its support mask `& node`, computed in C for
all the supporters of a project at once.
"""

from __future__ import annotations

from collections import Counter
from itertools import repeat
from operator import and_

from .mes_core import Election

ROOT = 0  # the node before any winner; also the path of voters supporting no winner
_MAX_STEPS = 6  # a count is derived from one at most this many winners back


class PathCache:
    """Per set of winners ("node") and project, the weight of its supporters per path.

    A count is derived, when it can be, from the count at a node a few winners back: for each
    winner `w` since, only the supporters of both the project and `w` move (to their path
    plus `w`), and the list of those (the "joint" supporters) is kept for the next runs.
    """

    def __init__(
        self, election: Election, max_counts: int = 20_000, max_joint: int = 20_000
    ) -> None:
        self.election = election
        self.max_counts = max_counts
        self.max_joint = max_joint
        self._counts: dict[tuple[int, int], Counter[int]] = {}
        self._parent: dict[int, tuple[int, int]] = {}  # node -> (node before, last winner)
        self._joint: dict[tuple[int, int], tuple[tuple[int, ...], list[tuple[int, int]]]] = {}

    def node_child(self, node: int, winner: int) -> int:
        """The node once `winner` is funded after the winners of `node`."""
        child = node | 1 << winner
        if child not in self._parent:
            self._parent[child] = (node, winner)
        return child

    def counts(self, node: int, project: int) -> Counter[int]:
        """Weight of the project's supporters on each path, after the winners of `node`."""
        key = (node, project)
        found = self._counts.get(key)
        if found is None:
            found = self._derived(node, project)
            if found is None:
                found = self.election.count_supporters(project, node)
            if len(self._counts) >= self.max_counts:
                del self._counts[next(iter(self._counts))]  # forget the oldest
            self._counts[key] = found
        return found

    def _derived(self, node: int, project: int) -> Counter[int] | None:
        """The count from the nearest node before this one (up to `_MAX_STEPS` winners
        back) whose count is known, else None."""
        steps: list[int] = []
        base = None
        while base is None and len(steps) < _MAX_STEPS:
            before = self._parent.get(node)
            if before is None:
                return None
            node, winner = before
            steps.append(winner)
            base = self._counts.get((node, project))
        if base is None:
            return None
        found = base.copy()
        for winner in reversed(steps):
            listed, heavy = self._joint_of(project, winner)
            moved = Counter(map(and_, listed, repeat(node)))
            for mask, extra in heavy:
                moved[mask & node] += extra
            bit = 1 << winner
            for path, weight in moved.items():
                left = found[path] - weight
                if left:
                    found[path] = left
                else:
                    del found[path]
                found[path | bit] = weight  # new: no path before holds the winner
            node |= bit
        return found

    def _joint_of(self, project: int, winner: int) -> tuple[tuple[int, ...], list[tuple[int, int]]]:
        key = (project, winner)
        found = self._joint.get(key)
        if found is None:
            found = self.election.joint(project, winner)
            if len(self._joint) >= self.max_joint:
                del self._joint[next(iter(self._joint))]  # forget the oldest
            self._joint[key] = found
        return found
