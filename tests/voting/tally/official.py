"""Which real elections state an outcome we can reproduce, and with which of our rules."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from tessera.voting.tally import Outcome, PabulibFile, equal_shares, tally

from .helpers import PABULIB, pabulib_names

GREEDY_RULES = {
    "greedy": "greedy",
    "greedy-threshold": "greedy",
    "greedy-no-skip": "greedy-no-skip",
}


def official_rule(rule: str | None) -> bool:
    return rule is not None and (rule in GREEDY_RULES or rule.startswith("equalshares/add1"))


def has_official_outcome(pabulib_file: PabulibFile) -> bool:
    return pabulib_file.winners is not None and official_rule(pabulib_file.rule)


@functools.cache
def official_names() -> list[str]:
    """Files with a `selected` column and a rule we implement, found from their first lines
    (parsing every file would take seconds)."""
    return [name for name in pabulib_names() if _peek(PABULIB / name)]


def _peek(path: Path) -> bool:
    rule = None
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle, delimiter=";"):
            if row and row[0].strip() == "rule" and len(row) > 1:
                rule = row[1].strip()
            if row and row[0].strip() == "project_id":
                return "selected" in (cell.strip() for cell in row) and official_rule(rule)
    return False


def count_as_officially(pabulib_file: PabulibFile) -> Outcome:
    """Our count under the rule the file's META states (its threshold included)."""
    instance, rule, threshold = (
        pabulib_file.instance,
        pabulib_file.rule or "",
        pabulib_file.threshold,
    )
    if rule == "equalshares/add1-comparison":
        # equalshares.net's comparison step against the greedy outcome
        return equal_shares(instance, threshold=threshold, comparison="satisfaction")
    if rule.startswith("equalshares/add1"):
        return tally(instance, "equal-shares", threshold)
    name = GREEDY_RULES[rule]
    if name == "greedy" and instance.vote_type == "ordinal":
        name = "ranked"
    return tally(instance, name, threshold)
