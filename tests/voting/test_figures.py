"""The schema of the published figures (voting/figures.py): checked where they are written,
read back with the lists older publications lack."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from tessera.voting.figures import figures_checked, figures_of

TURNOUT = {
    "online": 3,
    "paper": 0,
    "paper_single": 0,
    "paper_stations": 0,
    "ballots": 3,
    "voters": 3,
}
SCOPE = {
    "district": None,
    "district_name": "",
    "district_slug": "",
    "budget": 100,
    "total_cost": 40,
    "selected": [1],
    "proposals": [
        {
            "id": 1,
            "title": "Un banc",
            "step": 1,
            "cost": 40,
            "online": 3,
            "paper": 0,
            "score": 3,
            "winner": True,
            "order": 1,
        }
    ],
}


def complete(**changes: Any) -> Any:
    figures = {
        "scopes": [SCOPE],
        "turnout": TURNOUT,
        "districts": [],
        "home_districts": [],
        "stations": [],
    }
    return figures | changes


def test_complete_figures_are_stored_as_they_are() -> None:
    figures = complete()
    assert figures_checked(figures) is figures


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"turnout": {"online": 1}}, "turnout lacks"),
        ({"scopes": [{**SCOPE, "budget": None} | {"proposals": [{"id": 1}]}]}, "proposal 1 lacks"),
        ({"scopes": [{"district": None}]}, "scope 0 lacks"),
        ({"stations": {}}, "stations is not a list"),
    ],
)
def test_figures_that_do_not_fit_the_schema_are_refused_before_they_are_stored(
    changes: dict[str, Any], problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        figures_checked(complete(**changes))


def test_results_published_before_a_list_existed_read_it_empty() -> None:
    results = SimpleNamespace(pk=1, figures={"scopes": [SCOPE], "turnout": {"voters": 3}})
    figures = figures_of(results)
    assert figures["stations"] == figures["home_districts"] == figures["districts"] == []
    assert figures["turnout"]["voters"] == 3
    assert figures["turnout"]["paper"] == 0
