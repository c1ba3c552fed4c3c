"""Run pabutools (the researchers' reference library) on our instances, same tie-break.

pabutools is imported lazily: only these comparisons need it (PuLP is pinned below 4 in the dev
dependencies, since pabutools 1.2.3 imports names PuLP 4 removed).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from tessera.voting.tally import Instance, scores, supporters


def _import() -> SimpleNamespace:
    from pabutools import election, rules, tiebreaking
    from pabutools.election.satisfaction import additivesatisfaction

    return SimpleNamespace(
        election=election, rules=rules, tiebreaking=tiebreaking, additive=additivesatisfaction
    )


PB = _import()


def convert(instance: Instance, keep: set[str] | None = None) -> tuple[Any, Any]:
    """A pabutools instance and profile; `keep` limits the projects."""
    e = PB.election
    projects = {
        p.id: e.Project(p.id, p.cost) for p in instance.projects if keep is None or p.id in keep
    }
    pb_instance = e.Instance(projects.values(), budget_limit=instance.budget)
    ballots = []
    for ballot in instance.ballots:
        if instance.vote_type in ("cumulative", "scoring"):
            chosen = {
                projects[c]: points
                for c, points in zip(ballot.choices, ballot.points, strict=True)
                if c in projects
            }
            made = e.CumulativeBallot(chosen)
        elif instance.vote_type == "ordinal":
            made = e.OrdinalBallot([projects[c] for c in ballot.choices if c in projects])
        else:
            made = e.ApprovalBallot({projects[c] for c in ballot.choices if c in projects})
        ballots += [made] * ballot.weight
    if instance.vote_type in ("cumulative", "scoring"):
        profile = e.CumulativeProfile(ballots, instance=pb_instance)
    elif instance.vote_type == "ordinal":
        profile = e.OrdinalProfile(ballots, instance=pb_instance)
    else:
        profile = e.ApprovalProfile(ballots, instance=pb_instance)
    return pb_instance, profile


def _tie_break(key: Callable[[str], tuple[int, ...]]) -> Any:
    return PB.tiebreaking.TieBreakingRule(lambda inst, prof, project: key(project.name))


def greedy(instance: Instance, threshold: int | None = None) -> set[str]:
    """pabutools' greedy for utilitarian welfare with satisfaction = score x cost, so that
    its "satisfaction per cost" is our score; projects without support left out."""
    score = scores(instance)
    keep = {p for p, s in score.items() if s > 0 and (threshold is None or s >= threshold)}
    pb_instance, profile = convert(instance, keep)
    position = {p.id: i for i, p in enumerate(instance.projects)}
    cost = {p.id: p.cost for p in instance.projects}
    k = max((len(b.choices) for b in instance.ballots), default=0)
    k = instance.max_choices or k

    def score_times_cost(inst: Any, prof: Any, ballot: Any, project: Any, pre: Any) -> int:
        if project not in ballot:
            return 0
        if instance.vote_type in ("cumulative", "scoring"):
            return int(ballot[project]) * int(project.cost)
        if instance.vote_type == "ordinal":
            return (k - list(ballot).index(project)) * int(project.cost)
        return int(project.cost)

    base: Any = PB.additive.AdditiveSatisfaction

    class ScoreTimesCost(base):  # type: ignore[misc]
        def __init__(self, inst: Any, prof: Any, ballot: Any) -> None:
            super().__init__(inst, prof, ballot, score_times_cost)

    outcome = PB.rules.greedy_utilitarian_welfare(
        pb_instance,
        profile,
        sat_class=ScoreTimesCost,
        tie_breaking=_tie_break(lambda p: (cost[p], position[p])),
    )
    return {project.name for project in outcome}


def equal_shares(instance: Instance, *, completion: bool) -> set[str]:
    """pabutools' MES with cost satisfaction; with `completion`, its budget increments of one
    unit per voter (which stop once the outcome is exhaustive)."""
    pb_instance, profile = convert(instance)
    support = supporters(instance)
    position = {p.id: i for i, p in enumerate(instance.projects)}
    cost = {p.id: p.cost for p in instance.projects}
    outcome = PB.rules.method_of_equal_shares(
        pb_instance,
        profile.as_multiprofile(),
        sat_class=PB.election.Cost_Sat,
        tie_breaking=_tie_break(lambda p: (cost[p], -support[p], position[p])),
        voter_budget_increment=1 if completion else None,
    )
    return {project.name for project in outcome}
