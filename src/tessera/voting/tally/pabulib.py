"""Read and write the pabulib `.pb` format (https://pabulib.org/format).

A file has three `;`-separated sections, each opened by its name and a header row: META
(key;value), PROJECTS (project_id;cost;... one row per project) and VOTES (voter_id;vote;...
one row per voter). Fields may be quoted as in CSV. `vote` lists project ids separated by
commas (rank 1 first for ordinal ballots); cumulative and scoring files add a `points` column
aligned with `vote`. The optional `selected` project column is the official outcome.

Columns we do not interpret are kept on the projects and ballots, so a file read and written
back keeps them. A ballot weight other than 1 is written in a `weight` vote column, which is
not part of the pabulib format but lets our own exports round-trip.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import cast

from .model import (
    POINTS_VOTE_TYPES,
    VOTE_TYPES,
    Ballot,
    Instance,
    InvalidInstanceError,
    Money,
    Outcome,
    Pairs,
    Project,
    VoteType,
)

# META keys whose value is derived from the instance when writing.
_DERIVED_META = ("budget", "vote_type", "num_projects", "num_votes")
_OWN_PROJECT_COLUMNS = ("project_id", "cost", "name", "selected")
_OWN_VOTE_COLUMNS = ("voter_id", "vote", "points", "weight")


class PabulibFormatError(ValueError):
    """The text is not a readable pabulib file."""


@dataclass(frozen=True, slots=True)
class PabulibFile:
    """A parsed file: the instance to count plus what the file says about it."""

    instance: Instance
    meta: Pairs = ()
    selected: Pairs | None = None  # project id -> raw `selected` value, in file order
    project_columns: tuple[str, ...] = ()
    vote_columns: tuple[str, ...] = ()

    def meta_value(self, key: str) -> str | None:
        return dict(self.meta).get(key)

    @property
    def rule(self) -> str | None:
        """The META `rule` the official outcome was computed with, if stated."""
        return self.meta_value("rule")

    @property
    def threshold(self) -> int | None:
        """The META `min_project_score_threshold`, if stated."""
        value = self.meta_value("min_project_score_threshold")
        return None if value is None or value == "" else _parse_int(value, "threshold")

    @property
    def winners(self) -> tuple[str, ...] | None:
        """Project ids the official rule selected (`selected` is 1), in file order; None
        without a `selected` column. Pabulib marks with 2 projects funded outside the rule
        (e.g. from reserve funds in Poznań), so those are not counted here."""
        if self.selected is None:
            return None
        return tuple(pid for pid, value in self.selected if value == "1")


def read_pabulib(path: str | Path) -> PabulibFile:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return parse_pabulib(handle.read())


def write_pabulib(pabulib_file: PabulibFile, path: str | Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(format_pabulib(pabulib_file))


# pabulib's names (META `rule`) for our rules; the threshold makes "greedy-threshold"
PABULIB_RULES = {
    "greedy": "greedy",
    "greedy-no-skip": "greedy-no-skip",
    "equal-shares": "equalshares/add1",
    "equal-shares-plain": "equalshares",
    "ranked": "greedy",
}


def with_outcome(
    pabulib_file: PabulibFile, outcome: Outcome, threshold: int | None = None
) -> PabulibFile:
    """The same file with the `selected` column, META `rule` (pabulib's name for it) and
    `min_project_score_threshold` describing `outcome`."""
    winners = set(outcome.selected)
    selected = tuple(
        (project.id, "1" if project.id in winners else "0")
        for project in pabulib_file.instance.projects
    )
    rule = PABULIB_RULES.get(outcome.rule, outcome.rule)
    meta = pabulib_file.meta
    if threshold is not None:
        rule = "greedy-threshold" if rule == "greedy" else rule
        meta = _set_meta(meta, "min_project_score_threshold", str(threshold))
    meta = _set_meta(meta, "rule", rule)
    return replace(pabulib_file, meta=meta, selected=selected)


def parse_pabulib(text: str) -> PabulibFile:
    sections = _sections(text.removeprefix("\ufeff"))
    meta = tuple(
        (row[0].strip(), row[1].strip() if len(row) > 1 else "") for row in sections["meta"][1]
    )
    meta_dict = dict(meta)
    vote_type = meta_dict.get("vote_type", "approval")
    if vote_type not in VOTE_TYPES:
        raise PabulibFormatError(f"unsupported vote_type {vote_type!r}")
    project_header, project_rows = sections["projects"]
    projects, selected = _read_projects(project_header, project_rows)
    vote_header, vote_rows = sections["votes"]
    ballots = _read_ballots(vote_header, vote_rows, vote_type)
    max_length = meta_dict.get("max_length", "")
    try:
        instance = Instance(
            budget=_parse_money(meta_dict.get("budget", ""), "budget"),
            projects=tuple(projects),
            ballots=tuple(ballots),
            vote_type=cast(VoteType, vote_type),
            max_choices=_parse_int(max_length, "max_length") if max_length else None,
        )
    except InvalidInstanceError as error:
        raise PabulibFormatError(str(error)) from error
    return PabulibFile(
        instance=instance,
        meta=meta,
        selected=selected,
        project_columns=tuple(project_header),
        vote_columns=tuple(vote_header),
    )


def format_pabulib(pabulib_file: PabulibFile, *, one_row_per_voter: bool = False) -> str:
    """The file's text. A ballot of weight w is one row with a `weight` column (our own
    exports read it back), or, with `one_row_per_voter`, w rows numbered in turn (the
    published open data: every pabulib reader counts it right); the row's text is then made
    once per ballot, not per voter."""
    instance = pabulib_file.instance
    buffer = io.StringIO()
    writer = _Writer(buffer)
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(_meta_rows(pabulib_file, one_row_per_voter))
    project_columns = _project_columns(pabulib_file)
    selected = dict(pabulib_file.selected or ())
    writer.writerow(["PROJECTS"])
    writer.writerow(project_columns)
    for project in instance.projects:
        writer.writerow(_project_row(project, project_columns, selected))
    vote_columns = _vote_columns(pabulib_file, one_row_per_voter)
    writer.writerow(["VOTES"])
    writer.writerow(vote_columns)
    if one_row_per_voter:
        _write_voters(buffer, instance.ballots, vote_columns)
    else:
        for index, ballot in enumerate(instance.ballots):
            writer.writerow(_ballot_row(ballot, index, vote_columns))
    return buffer.getvalue()


def _write_voters(buffer: io.StringIO, ballots: tuple[Ballot, ...], columns: list[str]) -> None:
    """Each ballot as `weight` rows, voters numbered 1, 2, … in ballot order."""
    rest = io.StringIO()
    writer = _Writer(rest)
    plain = _plain_cells(ballots, columns)
    points = "points" in columns
    rows: list[str] = []
    number = 1
    for ballot in ballots:
        if plain:  # ids and numbers only: nothing to quote, no csv writer needed
            tail = ",".join(ballot.choices)
            if points:
                tail += ";" + ",".join(map(str, ballot.points))
            tail += "\n"
        else:  # the row without its voter_id (the first column, a number: never quoted)
            writer.writerow(_ballot_row(ballot, 0, columns)[1:])
            tail = rest.getvalue()
            rest.seek(0)
            rest.truncate()
        if ballot.weight == 1:
            rows.append(f"{number};{tail}")
        else:
            rows += [f"{voter};{tail}" for voter in range(number, number + ballot.weight)]
        number += ballot.weight
    buffer.write("".join(rows))


def _plain_cells(ballots: tuple[Ballot, ...], columns: list[str]) -> bool:
    """Whether every row is `voter_id;vote[;points]` with no character csv would quote."""
    if columns not in (["voter_id", "vote"], ["voter_id", "vote", "points"]):
        return False
    if any(ballot.attributes for ballot in ballots):
        return False
    ids = {choice for ballot in ballots for choice in ballot.choices}
    return not any(any(c in choice for c in ';"\r\n') for choice in ids)


class _Writer:
    """csv with `;` and LF line ends. With LF, csv leaves a lone CR unquoted, which would
    split the field when read back, so rows holding one are fully quoted."""

    def __init__(self, buffer: io.StringIO) -> None:
        self._plain = csv.writer(buffer, delimiter=";", lineterminator="\n")
        self._quoted = csv.writer(buffer, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, row: list[str] | tuple[str, ...]) -> None:
        writer = self._quoted if any("\r" in cell for cell in row) else self._plain
        writer.writerow(row)

    def writerows(self, rows: list[tuple[str, str]]) -> None:
        for row in rows:
            self.writerow(row)


def format_money(amount: Money) -> str:
    """An exact decimal text for a budget (pabulib budgets are decimals, e.g. 1555905.71)."""
    value = Fraction(amount)
    if value.denominator == 1:
        return str(value.numerator)
    scale = 1
    while (value * scale).denominator != 1:
        scale *= 10
        if scale > 10**30:
            raise ValueError(f"{amount} has no finite decimal expansion")
    digits = len(str(scale)) - 1
    whole, rest = divmod(abs(value.numerator * scale // value.denominator), scale)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}.{rest:0{digits}d}"


def _sections(text: str) -> dict[str, tuple[list[str], list[list[str]]]]:
    found: dict[str, tuple[list[str], list[list[str]]]] = {}
    current: list[list[str]] | None = None
    rows: Iterator[list[str]] = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    for row in rows:
        # Cells are stripped where they are read: stripping 100,000 vote rows here is slow.
        first = row[0].strip() if row else ""
        if len(row) <= 1 and first.lower() in ("meta", "projects", "votes"):
            header = [cell.strip() for cell in next(rows, [])]
            current = []
            found[first.lower()] = (header, current)
        elif len(row) <= 1 and not first:
            continue  # a blank line
        elif current is None:
            raise PabulibFormatError("the file must start with a META section")
        else:
            current.append(row)
    missing = {"meta", "projects", "votes"} - found.keys()
    if missing:
        raise PabulibFormatError(f"missing sections: {sorted(missing)}")
    return found


def _read_projects(header: list[str], rows: list[list[str]]) -> tuple[list[Project], Pairs | None]:
    if header[:1] != ["project_id"] or "cost" not in header:
        raise PabulibFormatError("PROJECTS needs project_id and cost columns")
    projects = []
    selected = []
    for row in rows:
        fields = dict(zip(header, (cell.strip() for cell in row), strict=False))
        project_id = fields["project_id"]
        attributes = tuple(
            (column, value)
            for column, value in fields.items()
            if column not in _OWN_PROJECT_COLUMNS
        )
        cost = _parse_money(fields.get("cost", ""), f"cost of {project_id}")
        if not isinstance(cost, int):
            raise PabulibFormatError(f"project {project_id} has a fractional cost {cost}")
        projects.append(Project(project_id, cost, fields.get("name", ""), attributes))
        selected.append((project_id, fields.get("selected", "")))
    return projects, (tuple(selected) if "selected" in header else None)


def _read_ballots(header: list[str], rows: list[list[str]], vote_type: str) -> list[Ballot]:
    def column(name: str) -> int | None:
        return header.index(name) if name in header else None

    vote, points_at, voter, weight_at = (
        column(c) for c in ("vote", "points", "voter_id", "weight")
    )
    extra = [(name, i) for i, name in enumerate(header) if name not in _OWN_VOTE_COLUMNS]
    extra_names = tuple(name for name, _ in extra)
    pick_extra = _picker([i for _, i in extra])
    uses_points = vote_type in POINTS_VOTE_TYPES
    ballots = []
    for row in rows:
        width = len(row)
        choices = _split(row[vote]) if vote is not None and vote < width else ()  # stripped
        points: tuple[int, ...] = ()
        if uses_points:
            cell = row[points_at] if points_at is not None and points_at < width else ""
            points = tuple(_parse_int(value, "points") for value in _split(cell))
            if len(points) != len(choices):
                raise PabulibFormatError(f"voter {row[0]}: vote and points differ")
        choices, points = _without_repeats(choices, points)
        weight = 1
        if weight_at is not None and weight_at < width and row[weight_at].strip():
            weight = _parse_int(row[weight_at], "weight")
        voter_id = row[voter].strip() if voter is not None and voter < width else ""
        if width >= len(header):
            attributes = tuple(zip(extra_names, pick_extra(row), strict=True))
        else:  # a short row: missing trailing fields are empty
            attributes = tuple((name, row[i] if i < width else "") for name, i in extra)
        ballots.append(Ballot(choices, points, weight, voter_id, attributes))
    return ballots


def _picker(indices: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    if len(indices) > 1:
        return itemgetter(*indices)
    if indices:
        only = indices[0]
        return lambda row: (row[only],)
    return lambda row: ()


def _meta_rows(pabulib_file: PabulibFile, one_row_per_voter: bool) -> list[tuple[str, str]]:
    instance = pabulib_file.instance
    meta = pabulib_file.meta
    votes = len(instance.ballots)
    if one_row_per_voter:
        votes = sum(map(attrgetter("weight"), instance.ballots))
    derived = {
        "budget": format_money(instance.budget),
        "vote_type": instance.vote_type,
        "num_projects": str(len(instance.projects)),
        "num_votes": str(votes),
    }
    for key in _DERIVED_META:
        meta = _set_meta(meta, key, derived[key])
    if instance.max_choices is not None:
        meta = _set_meta(meta, "max_length", str(instance.max_choices))
    return list(meta)


def _set_meta(meta: Pairs, key: str, value: str) -> Pairs:
    if any(existing == key for existing, _ in meta):
        return tuple((k, value if k == key else v) for k, v in meta)
    return (*meta, (key, value))


def _project_columns(pabulib_file: PabulibFile) -> list[str]:
    columns = list(pabulib_file.project_columns) or ["project_id", "cost", "name"]
    for project in pabulib_file.instance.projects:
        columns += [column for column, _ in project.attributes if column not in columns]
    if pabulib_file.selected is not None and "selected" not in columns:
        columns.append("selected")
    return columns


def _project_row(project: Project, columns: list[str], selected: dict[str, str]) -> list[str]:
    values = dict(project.attributes)
    values.update(
        project_id=project.id,
        cost=str(project.cost),
        name=project.name,
        selected=selected.get(project.id, ""),
    )
    return [values.get(column, "") for column in columns]


def _vote_columns(pabulib_file: PabulibFile, one_row_per_voter: bool) -> list[str]:
    instance = pabulib_file.instance
    columns = list(pabulib_file.vote_columns) or ["voter_id", "vote"]
    if one_row_per_voter:
        # voter ids are numbered afresh and weights become rows
        columns = ["voter_id", *(c for c in columns if c not in ("voter_id", "weight"))]
    if instance.vote_type in POINTS_VOTE_TYPES and "points" not in columns:
        columns.append("points")
    weighted = any(ballot.weight != 1 for ballot in instance.ballots)
    if weighted and not one_row_per_voter and "weight" not in columns:
        columns.append("weight")
    for ballot in instance.ballots:
        columns += [column for column, _ in ballot.attributes if column not in columns]
    return columns


def _ballot_row(ballot: Ballot, index: int, columns: list[str]) -> list[str]:
    values = dict(ballot.attributes)
    values.update(
        voter_id=ballot.voter_id or str(index + 1),
        vote=",".join(ballot.choices),
        points=",".join(str(points) for points in ballot.points),
        weight=str(ballot.weight),
    )
    return [values.get(column, "") for column in columns]


def _without_repeats(
    choices: tuple[str, ...], points: tuple[int, ...]
) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A few real files repeat a project on one ballot ("1812,1812,957"). Count it once (its
    first place for a ranking), adding up its points on a points ballot."""
    if len(set(choices)) == len(choices):
        return choices, points
    if not points:
        return tuple(dict.fromkeys(choices)), ()
    totals: dict[str, int] = {}
    for choice, amount in zip(choices, points, strict=True):
        totals[choice] = totals.get(choice, 0) + amount
    return tuple(totals), tuple(totals.values())


def _split(cell: str) -> tuple[str, ...]:
    if " " not in cell:  # the usual case, kept fast for files of 100,000 ballots
        return tuple(filter(None, cell.split(",")))
    return tuple(part.strip() for part in cell.split(",") if part.strip())


def _parse_money(text: str, what: str) -> Money:
    try:
        value = Fraction(text.strip())
    except (ValueError, ZeroDivisionError) as error:
        raise PabulibFormatError(f"{what}: {text!r} is not a number") from error
    return value.numerator if value.denominator == 1 else value


def _parse_int(text: str, what: str) -> int:
    if text.isdigit():
        return int(text)
    value = _parse_money(text, what)
    if not isinstance(value, int):
        raise PabulibFormatError(f"{what}: {text!r} is not a whole number")
    return value
