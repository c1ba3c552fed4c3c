"""Plain data of a tally: projects, ballots, the instance to count and its outcome.

Money is exact: costs are integers (currency units) and a budget is an integer or a
`fractions.Fraction` (a few real budgets have cents, e.g. 1555905.71).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, get_args

VoteType = Literal["approval", "choose-1", "cumulative", "scoring", "ordinal"]
VOTE_TYPES: tuple[str, ...] = get_args(VoteType)
POINTS_VOTE_TYPES = frozenset({"cumulative", "scoring"})

Money = int | Fraction
Pairs = tuple[tuple[str, str], ...]


class InvalidInstanceError(ValueError):
    """The instance cannot be counted as given (unknown project, negative cost, ...)."""


@dataclass(frozen=True, slots=True)
class Project:
    """A proposal on the ballot. `attributes` keeps any other descriptive field (name aside)."""

    id: str
    cost: int
    name: str = ""
    attributes: Pairs = ()


@dataclass(frozen=True, slots=True)
class Ballot:
    """One voter's choices.

    `choices` are project ids; for ordinal ballots, rank 1 first. `points` is aligned with
    `choices` for cumulative and scoring ballots and empty otherwise. `weight` is the number of
    voters who cast exactly this ballot (1 for a single voter).
    """

    choices: tuple[str, ...]
    points: tuple[int, ...] = ()
    weight: int = 1
    voter_id: str = ""
    attributes: Pairs = ()


@dataclass(frozen=True, slots=True)
class Instance:
    """What a tally counts: a budget, the projects in submission order, and the ballots.

    `max_choices` is k for ordinal ballots (rank 1 of k scores k points); when unset, the
    longest ballot decides.
    """

    budget: Money
    projects: tuple[Project, ...]
    ballots: tuple[Ballot, ...]
    vote_type: VoteType = "approval"
    max_choices: int | None = None

    def __post_init__(self) -> None:
        _check_instance(self)

    def project_ids(self) -> tuple[str, ...]:
        return tuple(project.id for project in self.projects)

    def cost_of(self, project_ids: tuple[str, ...] | list[str]) -> int:
        costs = {project.id: project.cost for project in self.projects}
        return sum(costs[project_id] for project_id in project_ids)


@dataclass(frozen=True, slots=True)
class Outcome:
    """Winners in selection order, what they cost, and how they were chosen."""

    selected: tuple[str, ...]
    total_cost: int
    rule: str
    tie_break: str


def _check_instance(instance: Instance) -> None:
    if instance.vote_type not in VOTE_TYPES:
        raise InvalidInstanceError(f"unknown vote type {instance.vote_type!r}")
    if not isinstance(instance.budget, int | Fraction) or instance.budget < 0:
        raise InvalidInstanceError(
            f"the budget must be a non-negative int or Fraction, got {instance.budget!r}"
        )
    if instance.max_choices is not None and instance.max_choices < 1:
        raise InvalidInstanceError("max_choices must be at least 1")
    known: set[str] = set()
    for project in instance.projects:
        if project.id in known:
            raise InvalidInstanceError(f"project {project.id!r} appears twice")
        if not isinstance(project.cost, int) or project.cost < 0:
            raise InvalidInstanceError(
                f"project {project.id!r} has an invalid cost {project.cost!r}"
            )
        known.add(project.id)
    uses_points = instance.vote_type in POINTS_VOTE_TYPES
    for ballot in instance.ballots:
        _check_ballot(ballot, known, uses_points, instance)


def _check_ballot(ballot: Ballot, known: set[str], uses_points: bool, instance: Instance) -> None:
    if ballot.weight < 1:
        raise InvalidInstanceError(f"ballot {ballot.voter_id!r} has a weight below 1")
    if len(set(ballot.choices)) != len(ballot.choices):
        raise InvalidInstanceError(f"ballot {ballot.voter_id!r} names a project twice")
    unknown = [choice for choice in ballot.choices if choice not in known]
    if unknown:
        raise InvalidInstanceError(f"ballot {ballot.voter_id!r} names unknown projects {unknown}")
    if uses_points:
        if len(ballot.points) != len(ballot.choices) or any(p < 0 for p in ballot.points):
            raise InvalidInstanceError(
                f"ballot {ballot.voter_id!r} needs one point count >= 0 per choice"
            )
    elif ballot.points:
        raise InvalidInstanceError(
            f"ballot {ballot.voter_id!r} has points in a {instance.vote_type} vote"
        )
    if instance.vote_type == "choose-1" and len(ballot.choices) > 1:
        raise InvalidInstanceError(f"ballot {ballot.voter_id!r} chooses more than one project")
    too_long = instance.max_choices is not None and len(ballot.choices) > instance.max_choices
    if instance.vote_type == "ordinal" and too_long:
        raise InvalidInstanceError(
            f"ballot {ballot.voter_id!r} ranks more than max_choices projects"
        )
