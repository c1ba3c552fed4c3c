"""The schema of `Results.figures`: what publication freezes and the results page, the API,
the open data and the exports read back (STYLE.md: a typed dict for stored JSON).

`figures_checked` is called where the figures are written (a missing or mistyped key fails
the publication, not a later page); `figures_of` where they are read: it checks the row and
gives the keys that results published before them lack their empty value.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict, cast


class ProposalFigures(TypedDict):
    id: int
    title: str
    step: int
    cost: int
    online: int
    paper: int
    score: int
    winner: bool
    order: int | None  # its rank among the winners (1 first), None if not selected


class OpenDataFile(TypedDict):
    name: str  # in the default storage
    sha256: str
    size: int
    ballots: int
    station_ballots: int


class ScopeFigures(TypedDict):
    """One ballot's count: the whole process (district None) or one district."""

    district: int | None
    district_name: str
    district_slug: str
    budget: int
    total_cost: int
    selected: list[int]
    proposals: list[ProposalFigures]
    open_data: NotRequired[OpenDataFile]  # written once the scope's file is stored


class Turnout(TypedDict):
    online: int
    paper: int
    paper_single: int
    paper_stations: int
    ballots: int
    voters: int


class DistrictTurnout(TypedDict):
    district: int
    name: str
    ballots: int


class StationFigures(TypedDict):
    name: str
    district: int | None
    district_name: str
    ballots: int
    totals: list[list[Any]]  # [proposal id, title, votes]


class ResultsFigures(TypedDict):
    scopes: list[ScopeFigures]
    turnout: Turnout
    districts: list[DistrictTurnout]
    home_districts: list[dict[str, Any]]  # selectors.home_district_rows
    stations: list[StationFigures]


_LISTS = ("scopes", "districts", "home_districts", "stations")
# (`from __future__ import annotations` hides NotRequired from __required_keys__.)
_SCOPE_KEYS = frozenset(ScopeFigures.__required_keys__) - {"open_data"}
_PROPOSAL_KEYS = frozenset(ProposalFigures.__required_keys__)
_TURNOUT_KEYS = frozenset(Turnout.__required_keys__)


def figures_checked(figures: ResultsFigures) -> ResultsFigures:
    """The figures about to be stored, refused (ValueError) if one does not fit the schema."""
    problems = _problems(figures, complete=True)
    if problems:
        raise ValueError("Results.figures: " + "; ".join(problems))
    return figures


def figures_of(results: Any) -> ResultsFigures:
    """A `Results` row's figures, checked, with the lists older publications lack empty."""
    stored = results.figures if isinstance(results.figures, dict) else {}
    figures = {name: stored.get(name, []) for name in _LISTS}
    figures["turnout"] = {name: 0 for name in _TURNOUT_KEYS} | stored.get("turnout", {})
    problems = _problems(figures, complete=False)
    if problems:
        raise ValueError(f"Results {results.pk}: " + "; ".join(problems))
    return cast(ResultsFigures, figures)


def _problems(figures: Any, *, complete: bool) -> list[str]:
    problems = [name for name in (*_LISTS, "turnout") if name not in figures]
    problems += [
        f"{name} is not a list" for name in _LISTS if not isinstance(figures.get(name), list)
    ]
    if complete:
        missing = _TURNOUT_KEYS - set(figures.get("turnout", {}))
        problems += [f"turnout lacks {sorted(missing)}"] if missing else []
    for index, scope in enumerate(figures.get("scopes") or []):
        missing = _SCOPE_KEYS - set(scope)
        if missing:
            problems.append(f"scope {index} lacks {sorted(missing)}")
            continue
        for row in scope["proposals"]:
            missing = _PROPOSAL_KEYS - set(row)
            if missing:
                problems.append(f"scope {index}, proposal {row.get('id')} lacks {sorted(missing)}")
    return problems
