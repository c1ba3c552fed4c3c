"""A deliberately plain Method of Equal Shares, voter by voter, to check the fast one.

It follows the textbook definition with Fractions and none of the production shortcuts
(no grouping, no budget classes, no lazy pricing, no jumps in the completion).
"""

from __future__ import annotations

from fractions import Fraction

from tessera.voting.tally import Instance, scores, supporters


def supported_sets(instance: Instance) -> list[set[str]]:
    voters = []
    for ballot in instance.ballots:
        chosen = {
            choice
            for position, choice in enumerate(ballot.choices)
            if not ballot.points or ballot.points[position] > 0
        }
        voters += [chosen] * ballot.weight
    return voters


def candidates(instance: Instance, threshold: int | None) -> list[str]:
    support, score = supporters(instance), scores(instance)
    return [
        p.id
        for p in instance.projects
        if support[p.id] > 0 and p.cost > 0 and (threshold is None or score[p.id] >= threshold)
    ]


def mes(instance: Instance, share: Fraction, threshold: int | None = None) -> list[str]:
    """MES with cost satisfaction, every voter starting with `share`."""
    voters = supported_sets(instance)
    cost = {p.id: p.cost for p in instance.projects}
    order = {p.id: i for i, p in enumerate(instance.projects)}
    support = supporters(instance)
    money = [Fraction(share)] * len(voters)
    racing = set(candidates(instance, threshold))
    funded: list[str] = []
    while True:
        best = None
        for project in racing:
            backers = [i for i, chosen in enumerate(voters) if project in chosen]
            cap = _cap(sorted(money[i] for i in backers), cost[project])
            if cap is None:
                continue
            key = (cap / cost[project], cost[project], -support[project], order[project])
            if best is None or key < best[0]:
                best = (key, project, cap, backers)
        if best is None:
            return funded
        _, project, cap, backers = best
        for i in backers:
            money[i] -= min(money[i], cap)
        funded.append(project)
        racing.discard(project)


def _cap(budgets: list[Fraction], cost: int) -> Fraction | None:
    if sum(budgets) < cost:
        return None
    for i, budget in enumerate(budgets):
        cap = Fraction(cost - sum(budgets[:i])) / (len(budgets) - i)
        if cap <= budget:
            return cap
    raise AssertionError("unreachable: the money covers the cost")


def add1(
    instance: Instance, *, exhaustive: bool = False, threshold: int | None = None
) -> list[str]:
    """Raise every share by one unit at a time from budget/n; stop before the first outcome
    over budget, when all candidates are funded, or (option) once exhaustive."""
    voters = len(supported_sets(instance))
    if voters == 0:
        return []
    budget = Fraction(instance.budget)
    every = set(candidates(instance, threshold))
    share = budget / voters
    funded = mes(instance, share, threshold)
    while True:
        spent = instance.cost_of(funded)
        if set(funded) == every:
            return funded
        left = budget - spent
        if exhaustive and all(
            p.id in funded or p.id not in every or p.cost > left for p in instance.projects
        ):
            return funded
        share += 1
        raised = mes(instance, share, threshold)
        if instance.cost_of(raised) > budget:
            return funded
        funded = raised
