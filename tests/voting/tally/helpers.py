"""Builders and real-data access shared by the tally tests."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path

from tessera.voting.tally import Ballot, Instance, PabulibFile, Project, VoteType, read_pabulib

# tests/voting/tally/helpers.py -> the repository root is parents[3]; shared/ sits beside it
PABULIB = Path(__file__).parents[3] / ".." / "shared" / "pabulib"
NO_PABULIB = f"the real pabulib elections are not available at {PABULIB.resolve()}"


def pabulib_names() -> list[str]:
    return sorted(path.name for path in PABULIB.glob("*.pb")) if PABULIB.is_dir() else []


@functools.cache
def load(name: str) -> PabulibFile:
    """A parsed real election (parsed once per test session)."""
    return read_pabulib(PABULIB / name)


def make(
    budget: int | Fraction,
    costs: Mapping[str, int],
    ballots: Sequence[Sequence[str]],
    *,
    vote_type: VoteType = "approval",
    points: Sequence[Sequence[int]] | None = None,
    weights: Sequence[int] | None = None,
    max_choices: int | None = None,
) -> Instance:
    """An instance from {project: cost} and ballots given as lists of project ids."""
    return Instance(
        budget=budget,
        projects=tuple(Project(project_id, cost) for project_id, cost in costs.items()),
        ballots=tuple(
            Ballot(
                choices=tuple(choices),
                points=tuple(points[i]) if points is not None else (),
                weight=weights[i] if weights is not None else 1,
                voter_id=f"v{i}",
            )
            for i, choices in enumerate(ballots)
        ),
        vote_type=vote_type,
        max_choices=max_choices,
    )
