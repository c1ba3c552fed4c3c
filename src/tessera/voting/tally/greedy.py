"""Greedy rules: fund proposals by decreasing score while the budget lasts."""

from __future__ import annotations

from .model import Instance, Outcome, Project
from .scores import scores

GREEDY_TIE_BREAK = (
    "Proposals are taken by decreasing score; between equal scores the cheaper proposal comes "
    "first, then the one submitted earlier."
)


def greedy_order(instance: Instance, score_of: dict[str, int]) -> list[Project]:
    """Projects in the order a greedy rule considers them (the documented tie-break)."""
    position = {project.id: index for index, project in enumerate(instance.projects)}
    return sorted(
        instance.projects,
        key=lambda project: (-score_of[project.id], project.cost, position[project.id]),
    )


def greedy(
    instance: Instance,
    *,
    threshold: int | None = None,
    skip: bool = True,
    rule: str | None = None,
) -> Outcome:
    """Take each proposal that still fits, by decreasing score.

    With `skip=False` the count stops at the first proposal that does not fit (Gdynia's
    rule). A proposal with no support at all is never funded, and one scoring below
    `threshold` neither: it is passed over, it does not stop a no-skip count.
    """
    score_of = scores(instance)
    remaining = instance.budget
    selected: list[str] = []
    for project in greedy_order(instance, score_of):
        score = score_of[project.id]
        if score <= 0 or (threshold is not None and score < threshold):
            continue
        if project.cost <= remaining:
            selected.append(project.id)
            remaining -= project.cost
        elif not skip:
            break
    return Outcome(
        selected=tuple(selected),
        total_cost=instance.cost_of(selected),
        rule=rule or ("greedy" if skip else "greedy-no-skip"),
        tie_break=GREEDY_TIE_BREAK,
    )
