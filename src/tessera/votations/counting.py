"""The count of a votation, pure (no Django: an import-linter contract keeps it so): counts,
percentages of the expressed votes and of all votes, blank apart, turnout, the organiser's
validity rule, and majority judgment's ranking. Plain data in, plain data out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

GRADES = range(6)  # majority judgment: 0 "to reject" … 5 "excellent"


@dataclass(frozen=True)
class Tallied:
    """One answer's votes, online and on paper."""

    answer_id: int
    label: str
    is_blank: bool
    votes: int


@dataclass(frozen=True)
class Line:
    answer_id: int
    label: str
    is_blank: bool
    votes: int
    of_expressed: float | None  # None for the blank vote: it is not expressed
    of_all: float


@dataclass(frozen=True)
class Rule:
    """What the organiser declared: an absolute majority of the expressed votes or not, and a
    quorum as a percentage of the eligible population."""

    absolute_majority: bool
    quorum_percent: int | None


@dataclass(frozen=True)
class Outcome:
    lines: list[Line]
    votes: int
    blank: int
    expressed: int
    eligible: int | None
    turnout: float | None  # percent of the eligible population
    winner: Line | None
    valid: bool
    problems: list[str]  # codes: "no_votes", "tie", "no_majority", "no_quorum", "quorum_unknown"


NO_VOTES = "no_votes"
TIE = "tie"
NO_MAJORITY = "no_majority"
NO_QUORUM = "no_quorum"
QUORUM_UNKNOWN = "quorum_unknown"


def percent(part: int, whole: int) -> float:
    """`part` of `whole` in percent, 0 when there is no whole."""
    return 100 * part / whole if whole else 0.0


def outcome(tallied: Sequence[Tallied], rule: Rule, eligible: int | None) -> Outcome:
    """The result of a choice votation and whether it holds under `rule`."""
    votes = sum(t.votes for t in tallied)
    blank = sum(t.votes for t in tallied if t.is_blank)
    expressed = votes - blank
    lines = [
        Line(
            t.answer_id,
            t.label,
            t.is_blank,
            t.votes,
            None if t.is_blank else percent(t.votes, expressed),
            percent(t.votes, votes),
        )
        for t in tallied
    ]
    problems = validity_problems(
        [t.votes for t in tallied if not t.is_blank], rule, votes, eligible
    )
    expressed_lines = [line for line in lines if not line.is_blank]
    top = max(expressed_lines, key=lambda line: line.votes, default=None)
    # A winner only when the count names one: no tie, and a majority where one is required.
    beaten = {NO_VOTES, TIE, NO_MAJORITY} & set(problems)
    return Outcome(
        lines=lines,
        votes=votes,
        blank=blank,
        expressed=expressed,
        eligible=eligible,
        turnout=percent(votes, eligible) if eligible else None,
        winner=None if beaten else top,
        valid=not problems,
        problems=problems,
    )


def validity_problems(
    expressed_votes: Sequence[int], rule: Rule, votes: int, eligible: int | None
) -> list[str]:
    """Why the result does not hold under `rule` (empty: it holds). `expressed_votes`: each
    non-blank answer's votes; `votes`: every vote cast, blank ones too, which all count
    towards the quorum; `eligible`: the eligible population, when known."""
    expressed = sum(expressed_votes)
    if expressed == 0:
        return [NO_VOTES]
    problems: list[str] = []
    ordered = sorted(expressed_votes, reverse=True)
    if len(ordered) > 1 and ordered[0] == ordered[1]:
        problems.append(TIE)
    if rule.absolute_majority and 2 * ordered[0] <= expressed:
        problems.append(NO_MAJORITY)
    if rule.quorum_percent is not None:
        if not eligible:
            problems.append(QUORUM_UNKNOWN)
        elif Fraction(votes, eligible) * 100 < rule.quorum_percent:
            problems.append(NO_QUORUM)
    return problems


@dataclass(frozen=True)
class Judged:
    """One answer under majority judgment: its grades' counts (index = grade)."""

    answer_id: int
    label: str
    counts: tuple[int, ...]
    median: int | None


def median_grade(counts: Sequence[int]) -> int | None:
    """The majority grade: the lower median (the grade a majority gives at least)."""
    total = sum(counts)
    if total == 0:
        return None
    seen = 0
    for grade, count in enumerate(counts):
        seen += count
        if 2 * seen >= total:
            return grade
    raise AssertionError("unreachable: the counts add up to the total")


def _tie_break_key(counts: Sequence[int]) -> tuple[int, ...]:
    """The standard tie-break: remove one median grade at a time and read the successive
    medians; the sequence compares lexicographically (higher is better)."""
    left = list(counts)
    key = []
    while sum(left):
        grade = median_grade(left)
        assert grade is not None
        key.append(grade)
        left[grade] -= 1
    return tuple(key)


def judgment_ranking(
    grades: Mapping[int, Sequence[int]], labels: Mapping[int, str]
) -> list[Judged]:
    """Answers best first. `grades`: answer id → the grade each ballot gave it."""
    judged = []
    for answer_id, given in grades.items():
        counts = tuple(sum(1 for g in given if g == grade) for grade in GRADES)
        judged.append(Judged(answer_id, labels[answer_id], counts, median_grade(counts)))
    return sorted(judged, key=lambda j: _tie_break_key(j.counts), reverse=True)


def ballot_problems(
    kind: str, answer_ids: Sequence[int], chosen: int | None, grades: Mapping[int, int]
) -> list[str]:
    """Why a ballot is refused (empty: it is valid): a choice names one of the answers; a
    judgment grades every answer, each grade in 0–5."""
    if kind == "choice":
        return [] if chosen in answer_ids else ["answer"]
    if set(grades) != set(answer_ids):
        return ["grades_missing"]
    if any(grade not in GRADES for grade in grades.values()):
        return ["grade"]
    return []


def station_gap(signatures: int, votes: int) -> int:
    """Ballots counted at a polling station minus signatures in its register: 0 reconciles."""
    return votes - signatures
