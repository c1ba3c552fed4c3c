"""Supporter counts per budget class, shared by the MES runs of one completion.

A voter's budget class is the set of funded projects they support, their "path": every voter
still holding money has paid the same cap for each of them. Which voters follow which path
depends only on the projects funded so far, in order, never on the budget. The Add1 completion
runs MES for many nearby budgets that mostly fund the same projects in the same order, so the
expensive part (counting a project's supporters per path, a pass over its voter groups) is
done once per sequence of winners and shared. Each run decides for itself which paths still
hold money and how much.
"""

from __future__ import annotations

from collections import Counter

from .mes_core import Election

ROOT = 0  # the node before any winner; also the path of voters supporting no winner


class PathCache:
    """Trie of winner sequences ("nodes") and, per node and project, supporters per path."""

    def __init__(
        self, election: Election, max_counts: int = 20_000, max_stored: int = 4_000_000
    ) -> None:
        self.election = election
        self.max_counts = max_counts
        # copies of the group paths at recent nodes, to avoid replaying from the start
        self.max_snapshots = max(2, max_stored // max(1, len(election.groups)))
        self._path_child: dict[tuple[int, int], int] = {}
        self._node_child: dict[tuple[int, int], int] = {}
        self._node_parent: list[tuple[int, int]] = [(ROOT, -1)]
        self._counts: dict[tuple[int, int], Counter[int]] = {}
        self._snapshots: dict[int, list[int]] = {}
        self._materialised = ROOT  # the node whose group paths are in _group_path
        self._group_path = [ROOT] * len(election.groups)

    def path_child(self, path: int, winner: int) -> int:
        """The path of voters on `path` who also support the newly funded `winner`."""
        key = (path, winner)
        child = self._path_child.get(key)
        if child is None:
            child = self._path_child[key] = len(self._path_child) + 1
        return child

    def node_child(self, node: int, winner: int) -> int:
        key = (node, winner)
        child = self._node_child.get(key)
        if child is None:
            child = self._node_child[key] = len(self._node_parent)
            self._node_parent.append((node, winner))
        return child

    def counts(self, node: int, project: int) -> Counter[int]:
        """Weight of the project's supporters on each path, after the winners of `node`."""
        key = (node, project)
        found = self._counts.get(key)
        if found is None:
            self._materialise(node)
            found = self.election.count_supporters(project, self._group_path)
            if len(self._counts) >= self.max_counts:
                del self._counts[next(iter(self._counts))]  # forget the oldest
            self._counts[key] = found
        return found

    def _materialise(self, node: int) -> None:
        """Put the group paths of `node` in _group_path, from the nearest known ancestor."""
        if node == self._materialised:
            return
        winners = []
        start = node
        while start != ROOT and start != self._materialised and start not in self._snapshots:
            start, winner = self._node_parent[start]
            winners.append(winner)
        if start != self._materialised:
            snapshot = self._snapshots.get(start)
            self._group_path = list(snapshot) if snapshot else [ROOT] * len(self.election.groups)
        group_path = self._group_path
        children = self._path_child
        for winner in reversed(winners):
            for group in self.election.groups_of[winner]:
                key = (group_path[group], winner)
                child = children.get(key)
                if child is None:
                    child = children[key] = len(children) + 1
                group_path[group] = child
        self._materialised = node
        if len(self._snapshots) >= self.max_snapshots:
            del self._snapshots[next(iter(self._snapshots))]  # forget the oldest
        self._snapshots[node] = list(group_path)
