"""Tally benchmark: our rules against pabutools on the same instances, in the same run.

Instances: the largest election of shared/pabulib/ (by number of votes), a synthetic
100,000-voter x 60-project approval election (seeded, skewed popularity), and, for the
ranked rule, the largest ordinal file and a synthetic ranked variant of the same voters.

    .venv/bin/python bench/tally.py [--skip-slow-pabutools] [--pabutools-cap SECONDS]
                                    [--no-write]

Prints one row per rule and instance: our time, pabutools' time (the rule call only, as
`tally()` is timed from a parsed instance), whether the winners are the same. Writes the
table into docs/performance.md under "## Tally" unless --no-write.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import random
import signal
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tessera.voting.tally import (  # noqa: E402  (after the path set-up)
    Ballot,
    Instance,
    Project,
    equal_shares,
    read_pabulib,
    supporters,
    tally,
)

PABULIB = ROOT / ".." / "shared" / "pabulib"
DOC = ROOT / "docs" / "performance.md"
SECTION = "## Tally"


class TimedOut(Exception):
    pass


@dataclass
class Row:
    instance: str
    rule: str
    ours: float
    theirs: str
    same: str


def pabutools() -> Any:
    """pabutools' modules, imported only when measured (PuLP < 4 is pinned: see pyproject)."""
    import pabutools.election as election
    import pabutools.rules as rules
    import pabutools.tiebreaking as tiebreaking
    from pabutools.election.satisfaction.additivesatisfaction import AdditiveSatisfaction

    return election, rules, tiebreaking, AdditiveSatisfaction


def synthetic(voters: int = 100_000, projects: int = 60, seed: int = 2026) -> Instance:
    """Approval ballots; project j is approved with probability 0.35 / (rank+1)^0.6 (a few
    popular projects, a long tail), about 4.8 approvals per voter; costs 20k-500k; the
    budget is 30% of the total cost."""
    rng = random.Random(seed)
    popularity = [0.35 / (rank + 1) ** 0.6 for rank in range(projects)]
    rng.shuffle(popularity)
    made = tuple(Project(f"p{j}", rng.randrange(20, 500) * 1000) for j in range(projects))
    ballots = tuple(
        Ballot(
            tuple(made[j].id for j in range(projects) if rng.random() < popularity[j]),
            voter_id=str(v),
        )
        for v in range(voters)
    )
    budget = sum(p.cost for p in made) * 3 // 10
    return Instance(budget, made, ballots)


def ranked_variant(instance: Instance, seed: int = 2026) -> Instance:
    """The same voters ranking up to 3 of their approved projects, in random order."""
    rng = random.Random(seed)
    ballots = []
    for ballot in instance.ballots:
        choices = list(ballot.choices)
        rng.shuffle(choices)
        ballots.append(Ballot(tuple(choices[:3]), voter_id=ballot.voter_id))
    return Instance(instance.budget, instance.projects, tuple(ballots), "ordinal", 3)


def to_pabutools(instance: Instance, pb: Any) -> tuple[Any, Any]:
    election = pb[0]
    projects = {p.id: election.Project(p.id, p.cost) for p in instance.projects}
    pb_instance = election.Instance(projects.values(), budget_limit=instance.budget)
    if instance.vote_type == "ordinal":
        ballots = [
            election.OrdinalBallot([projects[c] for c in b.choices]) for b in instance.ballots
        ]
        return pb_instance, election.OrdinalProfile(ballots, instance=pb_instance)
    ballots = [election.ApprovalBallot({projects[c] for c in b.choices}) for b in instance.ballots]
    return pb_instance, election.ApprovalProfile(ballots, instance=pb_instance)


def _stop(signum: int, frame: object) -> None:
    raise TimedOut


def timed(call: Callable[[], Any], cap: float | None = None) -> tuple[float, Any]:
    if cap:
        signal.signal(signal.SIGALRM, _stop)
        signal.setitimer(signal.ITIMER_REAL, cap)
    start = time.perf_counter()
    try:
        result = call()
    finally:
        if cap:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - start, result


def ours(instance: Instance, call: Callable[[Instance], Any], repeat: int = 3) -> tuple[float, Any]:
    runs = [timed(lambda: call(instance)) for _ in range(repeat)]
    return statistics.median(seconds for seconds, _ in runs), runs[0][1]


def pabutools_rules(instance: Instance, pb: Any) -> dict[str, Callable[[Any, Any], Any]]:
    election, rules, tiebreaking, additive = pb
    support = supporters(instance)
    position = {p.id: i for i, p in enumerate(instance.projects)}
    cost = {p.id: p.cost for p in instance.projects}
    greedy_order = tiebreaking.TieBreakingRule(
        lambda i, p, project: (cost[project.name], position[project.name])
    )
    mes_order = tiebreaking.TieBreakingRule(
        lambda i, p, project: (cost[project.name], -support[project.name], position[project.name])
    )
    k = instance.max_choices or 0

    def rank_points(inst: Any, prof: Any, ballot: Any, project: Any, pre: Any) -> int:
        return (k - list(ballot).index(project)) * project.cost if project in ballot else 0

    class RankPointsTimesCost(additive):  # type: ignore[misc, valid-type]
        def __init__(self, inst: Any, prof: Any, ballot: Any) -> None:
            super().__init__(inst, prof, ballot, rank_points)

    def mes(increment: int | None) -> Callable[[Any, Any], Any]:
        return lambda i, p: rules.method_of_equal_shares(
            i,
            p.as_multiprofile(),
            sat_class=election.Cost_Sat,
            tie_breaking=mes_order,
            voter_budget_increment=increment,
        )

    return {
        "greedy": lambda i, p: rules.greedy_utilitarian_welfare(
            i, p, sat_class=election.Cost_Sat, tie_breaking=greedy_order
        ),
        "equal-shares-plain": mes(None),
        "equal-shares": mes(1),
        "ranked": lambda i, p: rules.greedy_utilitarian_welfare(
            i, p, sat_class=RankPointsTimesCost, tie_breaking=greedy_order
        ),
    }


def measure(
    label: str,
    instance: Instance,
    rules: list[str],
    pb: Any,
    args: argparse.Namespace,
    big: bool,
) -> list[Row]:
    rows = []
    pb_instance, pb_profile = to_pabutools(instance, pb)
    theirs_by_rule = pabutools_rules(instance, pb)
    for rule in rules:
        seconds, outcome = ours(instance, functools.partial(tally, rule=rule))
        winners = set(outcome.selected)
        call = theirs_by_rule.get(rule)
        if call is None:
            rows.append(Row(label, rule, seconds, "n/a (no such rule)", ""))
            continue
        if rule == "equal-shares":
            # pabutools' completion stops at the first exhaustive outcome: our option for it
            rows.append(Row(label, rule, seconds, "see next row", ""))
            seconds, variant = ours(
                instance, functools.partial(equal_shares, stop_when_exhaustive=True)
            )
            rule = "equal-shares, stop when exhaustive"
        if "equal-shares," in rule and big and args.skip_slow_pabutools:
            rows.append(Row(label, rule, seconds, "skipped (--skip-slow-pabutools)", ""))
            continue
        try:
            their_seconds, their_outcome = timed(
                functools.partial(call, pb_instance, pb_profile), args.pabutools_cap
            )
        except TimedOut:
            rows.append(Row(label, rule, seconds, f"> {args.pabutools_cap:.0f} s (stopped)", "?"))
            print(f"  {rule}: ours {seconds:.3f} s, pabutools stopped", flush=True)
            continue
        their_winners = {project.name for project in their_outcome}
        if rule in ("greedy", "ranked"):
            scored = {p for p, s in supporters(instance).items() if s > 0}
            their_winners &= scored  # pabutools also funds unsupported projects that fit
        same = "yes" if winners == their_winners else "NO"
        if "equal-shares," in rule:
            same = "yes" if set(variant.selected) == their_winners else "NO"
            default_same = "same" if winners == their_winners else "different"
            rows[-1].same = f"{default_same} winners as pabutools"
        rows.append(Row(label, rule, seconds, f"{their_seconds:.2f} s", same))
        print(
            f"  {rule}: ours {seconds:.3f} s, pabutools {their_seconds:.2f} s, {same}", flush=True
        )
    return rows


def largest(vote_type: str | None = None) -> Path:
    def votes(path: Path) -> int:
        for line in path.open(encoding="utf-8-sig"):
            if line.startswith("num_votes;"):
                return int(line.split(";")[1])
        return 0

    def kind(path: Path) -> str:
        for line in path.open(encoding="utf-8-sig"):
            if line.startswith("vote_type;"):
                return line.split(";")[1].strip()
        return ""

    files = [p for p in PABULIB.glob("*.pb") if vote_type is None or kind(p) == vote_type]
    return max(files, key=votes)


def markdown(rows: list[Row], args: argparse.Namespace) -> str:
    flag = " --skip-slow-pabutools" if args.skip_slow_pabutools else ""
    lines = [
        SECTION,
        "",
        f"`bench/tally.py{flag} --pabutools-cap {args.pabutools_cap:.0f}`, measured",
        f"{datetime.now(UTC):%Y-%m-%d} on {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, pabutools 1.2.3 (gmpy2 fractions).",
        "Wall-clock seconds for the rule alone on an already parsed instance: ours is the",
        "median of 3 runs of `tally()` (grouping the ballots included); pabutools is one run,",
        "its MES on `profile.as_multiprofile()` (identical ballots merged: its fastest form).",
        f"The machine was shared with other work (load average {args.load[0]:.1f} before the",
        f"run, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores): expect some noise.",
        "",
        "| instance | rule | ours | pabutools | ratio | same winners |",
        "|---|---|---:|---:|---:|---|",
    ]
    for r in rows:
        ratio = ""
        if r.theirs.endswith(" s") and not r.theirs.startswith(">"):
            ratio = f"{float(r.theirs[:-2]) / r.ours:.0f}x"
        lines.append(
            f"| {r.instance} | {r.rule} | {r.ours:.3f} s | {r.theirs} | {ratio} | {r.same} |"
        )
    lines += [
        "",
        "pabutools has no greedy-no-skip rule. Its MES completion stops at the first exhaustive",
        "outcome; our default goes on raising shares until the first outcome over budget, which",
        "is what reproduces the official Wieliczka result, so pabutools is compared with our",
        "`stop_when_exhaustive` variant, and our default's winners are compared too.",
        "",
    ]
    return "\n".join(lines)


def write_section(text: str) -> None:
    DOC.parent.mkdir(exist_ok=True)
    old = DOC.read_text() if DOC.exists() else "# Performance\n\n"
    if SECTION in old:
        before, _, rest = old.partition(SECTION)
        following = rest.find("\n## ")
        after = rest[following + 1 :] if following >= 0 else ""
        new = before + text + ("\n" + after if after else "")
    else:
        new = old.rstrip("\n") + "\n\n" + text
    DOC.write_text(new)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--skip-slow-pabutools",
        action="store_true",
        help="do not run pabutools' MES completion on the two large instances",
    )
    parser.add_argument(
        "--pabutools-cap",
        type=float,
        default=900.0,
        help="stop any single pabutools call after this many seconds",
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    args.load = os.getloadavg()
    pb = pabutools()
    rows: list[Row] = []
    all_rules = ["greedy", "greedy-no-skip", "equal-shares", "equal-shares-plain"]

    path = largest()
    file = read_pabulib(path)
    label = f"{path.name} ({len(file.instance.ballots):,} voters, {file.instance.vote_type})"
    print(label, flush=True)
    rows += measure(label, file.instance, all_rules, pb, args, big=True)

    made = synthetic()
    print("synthetic 100,000 x 60 approval", flush=True)
    rows += measure(
        "synthetic 100,000 voters x 60 projects, approval", made, all_rules, pb, args, big=True
    )

    path = largest("ordinal")
    file = read_pabulib(path)
    label = f"{path.name} ({len(file.instance.ballots):,} voters, ordinal)"
    print(label, flush=True)
    rows += measure(label, file.instance, ["ranked"], pb, args, big=False)
    print("synthetic ranked", flush=True)
    rows += measure(
        "synthetic 100,000 voters x 60 projects, top-3 ranking",
        ranked_variant(made),
        ["ranked"],
        pb,
        args,
        big=False,
    )

    text = markdown(rows, args)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
