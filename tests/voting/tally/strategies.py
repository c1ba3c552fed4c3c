"""Small random elections for property tests."""

from __future__ import annotations

from fractions import Fraction
from typing import cast

from hypothesis import strategies as st

from tessera.voting.tally import Ballot, Instance, Project, VoteType


@st.composite
def elections(
    draw: st.DrawFn,
    vote_types: tuple[str, ...] = ("approval",),
    max_projects: int = 6,
    max_ballots: int = 10,
    max_cost: int = 60,
) -> Instance:
    """Up to `max_projects` projects (a few free ones), weighted ballots, a budget that is
    sometimes fractional; ties of votes, costs and prices are frequent by design."""
    vote_type = draw(st.sampled_from(vote_types))
    count = draw(st.integers(1, max_projects))
    ids = [f"p{i}" for i in range(count)]
    costs = draw(st.lists(st.integers(0, max_cost), min_size=count, max_size=count))
    projects = tuple(Project(i, c) for i, c in zip(ids, costs, strict=True))
    ballots = []
    for number in range(draw(st.integers(0, max_ballots))):
        most = 1 if vote_type == "choose-1" else count
        choices = tuple(draw(st.lists(st.sampled_from(ids), unique=True, max_size=most)))
        points: tuple[int, ...] = ()
        if vote_type == "cumulative":
            points = tuple(draw(st.integers(0, 5)) for _ in choices)
        ballots.append(Ballot(choices, points, draw(st.integers(1, 3)), f"v{number}"))
    budget: int | Fraction = draw(st.integers(0, max_cost * 3))
    if draw(st.booleans()):
        budget = Fraction(int(budget) * 100 + draw(st.integers(1, 99)), 100)
    max_choices = count if vote_type == "ordinal" and draw(st.booleans()) else None
    return Instance(budget, projects, tuple(ballots), cast(VoteType, vote_type), max_choices)


thresholds = st.one_of(st.none(), st.integers(0, 6))
