"""The ranked rule: rank points, then greedy."""

from __future__ import annotations

from .greedy import greedy
from .model import Instance, Outcome


class NotRankedError(ValueError):
    """The ranked rule counts ordinal ballots only."""


def ranked(instance: Instance, *, threshold: int | None = None) -> Outcome:
    """Rank 1 of k scores k points, rank 2 scores k-1, ... (3/2/1 for a top 3), where k is the
    vote step's maximum number of ranks (or the longest ballot); then the greedy rule on
    those scores."""
    if instance.vote_type != "ordinal":
        raise NotRankedError(f"the ranked rule needs ordinal ballots, not {instance.vote_type}")
    return greedy(instance, threshold=threshold, rule="ranked")
