"""Tally benchmark: our rules against pabutools on the same instances, in the same run.

Instances: the two largest elections of shared/pabulib/ (the most voters: Wrocław 2015
[150-500], a choose-1 vote; the most votes cast: Łódź 2022, an approval vote, the instance
the issue quotes), a synthetic 100,000-voter x 60-project approval election (seeded, skewed
popularity), and, for the ranked rule, the largest ordinal file and a synthetic ranked variant
of the same voters.

    .venv/bin/python bench/tally.py [--pabutools-cap SECONDS] [--multiprofile-cap SECONDS]
                                    [--skip-plain-profile] [--no-write]
                                    [--only TEXT] [--rules RULE,RULE]

Prints one row per rule and instance: our time, pabutools' time (the rule call only, as
`tally()` is timed from a parsed instance) on its plain profile (one ballot per voter, as
the issue measured it) and on `profile.as_multiprofile()` (identical ballots merged, the
merging timed too), the ratios, and whether the winners are the same. Times are CPU seconds
of this process (time.process_time), with wall-clock seconds beside them: the machine is
shared. Ours is timed cold (nothing kept from an earlier count of the instance: the ballots
are grouped again) and warm (a second count of the same instance reuses the grouping, as
the results page does when it counts and then shows the scores). Writes the table into
docs/performance.md under "## Tally" unless --no-write. `--only synthetic` measures only
the instances whose label contains "synthetic", `--rules` only the named rules; either
prints the rows without writing (the section holds the whole table).
"""

from __future__ import annotations

import argparse
import functools
import gc
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
    Outcome,
    Project,
    equal_shares,
    read_pabulib,
    supporters,
    tally,
)
from tessera.voting.tally.scores import forget  # noqa: E402

PABULIB = ROOT / ".." / "shared" / "pabulib"
DOC = ROOT / "docs" / "performance.md"
SECTION = "## Tally"


class TimedOut(Exception):
    """The call ran past its cap; `spent` is what it had used by then."""

    spent: Timing | None = None


@dataclass(frozen=True)
class Timing:
    cpu: float
    wall: float

    def __str__(self) -> str:
        return f"{self.cpu:.4f} s ({self.wall:.4f})"


@dataclass
class Theirs:
    """One pabutools measurement: a timing, or why there is none ("> 200 s", "n/a")."""

    timing: Timing | None
    note: str = ""
    winners: set[str] | None = None
    spent: Timing | None = None  # when stopped at the cap: what it had used by then

    def __str__(self) -> str:
        if self.timing:
            return f"{self.timing.cpu:.2f} s ({self.timing.wall:.2f})"
        if self.spent:
            return f"> {self.spent.cpu:.0f} s ({self.spent.wall:.0f}), stopped"
        return self.note


@dataclass
class Row:
    instance: str
    rule: str
    cold: Timing
    warm: Timing
    plain: Theirs
    multi: Theirs
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


def timed(call: Callable[[], Any], cap: float | None = None) -> tuple[Timing, Any]:
    """CPU and wall-clock seconds of `call()`; TimedOut after `cap` wall-clock seconds.

    As timeit does, the cyclic garbage collector is off while timing (for ours and for
    pabutools alike): otherwise its passes over the millions of objects another library's
    profile left alive are billed to whichever call happens to trigger them.
    """
    gc.collect()
    gc.disable()
    if cap:
        signal.signal(signal.SIGALRM, _stop)
        signal.setitimer(signal.ITIMER_REAL, cap)
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        result = call()
    except TimedOut as stopped:
        stopped.spent = Timing(time.process_time() - start_cpu, time.perf_counter() - start)
        raise
    finally:
        gc.enable()
        if cap:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return Timing(time.process_time() - start_cpu, time.perf_counter() - start), result


def median(timings: list[Timing]) -> Timing:
    return Timing(
        statistics.median(t.cpu for t in timings), statistics.median(t.wall for t in timings)
    )


def ours(
    instance: Instance, call: Callable[[Instance], Outcome], repeat: int = 7
) -> tuple[Timing, Timing, Outcome]:
    """Median cold and warm timings of `call(instance)` and its outcome. Seven runs, not
    three: the host's slow spells last longer than a count of ours (tens of milliseconds)
    and can cover three runs in a row, whereas a pabutools call (seconds) averages over
    them; the median of more runs keeps the same expected value with less spread."""
    cold = []
    for _ in range(repeat):
        forget()  # nothing kept from an earlier count: the ballots are grouped again
        timing, outcome = timed(lambda: call(instance))
        cold.append(timing)
    warm = [timed(lambda: call(instance))[0] for _ in range(repeat)]
    return median(cold), median(warm), outcome


def pabutools_rules(
    instance: Instance, pb: Any, multi: bool
) -> dict[str, Callable[[Any, Any], Any]]:
    """pabutools' counterpart of each rule, same tie-break; with `multi`, on the
    multiprofile of the profile (made inside the call, so timed too)."""
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

    def form(profile: Any) -> Any:
        return profile.as_multiprofile() if multi else profile

    def mes(increment: int | None) -> Callable[[Any, Any], Any]:
        return lambda i, p: rules.method_of_equal_shares(
            i,
            form(p),
            sat_class=election.Cost_Sat,
            tie_breaking=mes_order,
            voter_budget_increment=increment,
        )

    return {
        "greedy": lambda i, p: rules.greedy_utilitarian_welfare(
            i, form(p), sat_class=election.Cost_Sat, tie_breaking=greedy_order
        ),
        "equal-shares-plain": mes(None),
        "equal-shares, stop when exhaustive": mes(1),
        "ranked": lambda i, p: rules.greedy_utilitarian_welfare(
            i, form(p), sat_class=RankPointsTimesCost, tie_breaking=greedy_order
        ),
    }


def run_pabutools(
    call: Callable[[Any, Any], Any] | None,
    pb_instance: Any,
    pb_profile: Any,
    cap: float,
    skip: bool = False,
) -> Theirs:
    if call is None:
        return Theirs(None, "n/a (no such rule)")
    if skip:
        return Theirs(None, "skipped")
    try:
        timing, outcome = timed(functools.partial(call, pb_instance, pb_profile), cap)
    except TimedOut as stopped:
        return Theirs(None, "stopped", spent=stopped.spent)
    return Theirs(timing, winners={project.name for project in outcome})


OUR_RULES: dict[str, Callable[[Instance], Outcome]] = {
    "greedy": functools.partial(tally, rule="greedy"),
    "greedy-no-skip": functools.partial(tally, rule="greedy-no-skip"),
    "equal-shares": functools.partial(tally, rule="equal-shares"),
    # pabutools' completion stops at the first exhaustive outcome: our option for it
    "equal-shares, stop when exhaustive": functools.partial(
        equal_shares, stop_when_exhaustive=True
    ),
    "equal-shares-plain": functools.partial(tally, rule="equal-shares-plain"),
    "ranked": functools.partial(tally, rule="ranked"),
}


def measure(
    label: str, instance: Instance, rules: list[str], pb: Any, args: argparse.Namespace
) -> list[Row]:
    rows = []
    # Ours first, before pabutools' objects for this instance exist: timing ours among the
    # millions of objects of its profile measured the cache misses they cause, not our code.
    our_runs = {rule: ours(instance, OUR_RULES[rule]) for rule in rules}
    pb_instance, pb_profile = to_pabutools(instance, pb)
    plain_rules = pabutools_rules(instance, pb, multi=False)
    multi_rules = pabutools_rules(instance, pb, multi=True)
    scored = {p for p, s in supporters(instance).items() if s > 0}
    for rule in rules:
        cold, warm, outcome = our_runs[rule]
        winners = set(outcome.selected)
        multi = run_pabutools(multi_rules.get(rule), pb_instance, pb_profile, args.multi_cap)
        plain = run_pabutools(
            plain_rules.get(rule), pb_instance, pb_profile, args.pabutools_cap, args.skip_plain
        )
        verdicts = set()
        for theirs in (multi, plain):
            if theirs.winners is not None:
                found = theirs.winners
                if rule in ("greedy", "ranked"):
                    found &= scored  # pabutools also funds unsupported projects that fit
                verdicts.add("yes" if found == winners else "NO")
        same = "/".join(sorted(verdicts)) if verdicts else ""
        if rule == "equal-shares":
            same = "(see the next row)"
        rows.append(Row(label, rule, cold, warm, plain, multi, same))
        print(
            f"  {rule}: ours {cold} cold, {warm} warm; pabutools plain {plain}, "
            f"multiprofile {multi}; same winners: {same}",
            flush=True,
        )
    return rows


def ballots_cast(path: Path) -> tuple[int, int]:
    """Voters and votes cast (choices on all ballots) of a pabulib file, from its text."""
    voters = entries = 0
    section, column = "", -1
    for line in path.open(encoding="utf-8-sig"):
        if line.strip() in ("META", "PROJECTS", "VOTES"):
            section, column = line.strip(), -1
            continue
        if section == "VOTES":
            fields = line.rstrip("\n").split(";")
            if column < 0:
                column = fields.index("vote")
                continue
            voters += 1
            entries += len([c for c in fields[column].split(",") if c])
    return voters, entries


def largest(vote_type: str | None = None, by_entries: bool = False) -> Path:
    def kind(path: Path) -> str:
        for line in path.open(encoding="utf-8-sig"):
            if line.startswith("vote_type;"):
                return line.split(";")[1].strip()
        return ""

    files = [p for p in PABULIB.glob("*.pb") if vote_type is None or kind(p) == vote_type]
    return max(files, key=lambda path: ballots_cast(path)[1 if by_entries else 0])


def ratio(theirs: Theirs, ours: Timing) -> str:
    if theirs.timing is not None:
        return f"{theirs.timing.cpu / ours.cpu:.0f}x"
    if theirs.spent is not None:
        return f"> {theirs.spent.cpu / ours.cpu:.0f}x"
    return ""


def markdown(rows: list[Row], args: argparse.Namespace, labels: list[str]) -> str:
    skip = " --skip-plain-profile" if args.skip_plain else ""
    lines = [
        SECTION,
        "",
        f"`bench/tally.py --pabutools-cap {args.pabutools_cap:.0f} "
        f"--multiprofile-cap {args.multi_cap:.0f}{skip}`, measured "
        f"{datetime.now(UTC):%Y-%m-%d} on {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, pabutools 1.2.3 (gmpy2 fractions).",
        "",
        "Seconds of CPU time of the benchmark process (`time.process_time`), wall-clock",
        "seconds in brackets, for the rule alone on an already parsed instance. The machine",
        f"was shared (load average {args.load[0]:.1f} before the run, "
        f"{os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores): CPU time is the",
        "steadier figure, and the ratios use it. Ours is the median of 7 runs, cold (nothing",
        "kept from an earlier count: the ballots are grouped again) and warm (a second count",
        "of the same instance reuses the grouping, as the results page does). pabutools is one",
        "run of the same rule with the same tie-break, on its plain profile (one ballot per",
        "voter: how the issue's 34 s and 6 minutes on Łódź were measured) and on",
        "`profile.as_multiprofile()` (identical ballots merged, the merging timed: its fastest",
        "form); a call is stopped after the cap (wall-clock), and the CPU time it had used by",
        "then makes its ratio a lower bound. Ratios are pabutools' CPU time over our cold CPU",
        "time.",
        "",
        "Instances: " + "; ".join(labels) + ".",
        "",
        "| instance | rule | ours cold | ours warm | pabutools plain | ratio | "
        "pabutools multiprofile | ratio | same winners |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.instance} | {r.rule} | {r.cold} | {r.warm} | {r.plain} | "
            f"{ratio(r.plain, r.cold)} | {r.multi} | {ratio(r.multi, r.cold)} | {r.same} |"
        )
    lines += [
        "",
        "pabutools has no greedy-no-skip rule. Its MES completion stops at the first exhaustive",
        "outcome; our default goes on raising shares until the first outcome over budget, which",
        "is what reproduces the official Wieliczka result, so pabutools is compared with our",
        "`stop_when_exhaustive` variant (the row after our default's).",
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
        "--pabutools-cap",
        type=float,
        default=240.0,
        help="stop any pabutools call on a plain profile after this many seconds",
    )
    parser.add_argument(
        "--multiprofile-cap",
        dest="multi_cap",
        type=float,
        default=600.0,
        help="stop any pabutools call on a multiprofile after this many seconds",
    )
    parser.add_argument(
        "--skip-plain-profile",
        dest="skip_plain",
        action="store_true",
        help="do not run pabutools on plain profiles (the slow part)",
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--only", default="", help="only the instances whose label has this")
    parser.add_argument("--rules", default="", help="only these rules (comma-separated)")
    args = parser.parse_args()
    chosen = {rule for rule in args.rules.split(",") if rule}
    args.load = os.getloadavg()
    pb = pabutools()
    rows: list[Row] = []
    labels: list[str] = []
    approval_rules = [
        "greedy",
        "greedy-no-skip",
        "equal-shares",
        "equal-shares, stop when exhaustive",
        "equal-shares-plain",
    ]

    # Each instance is built right before it is measured (a builder per case): an instance
    # built early, among the garbage of parsing the other files, is scattered in memory and
    # our single passes over its ballots then measure cache misses more than our code.
    cases: list[tuple[str, Callable[[], Instance], list[str]]] = []
    most_voters, most_votes = largest(), largest(by_entries=True)
    for path, why in ((most_votes, "most votes cast"), (most_voters, "most voters")):
        voters, entries = ballots_cast(path)
        label = f"{path.stem} ({read_pabulib(path).instance.vote_type})"
        labels.append(
            f"{label}: {voters:,} voters, {entries:,} votes cast ({why} in shared/pabulib/)"
        )
        cases.append(
            (label, functools.partial(lambda p: read_pabulib(p).instance, path), approval_rules)
        )
    cases.append(("synthetic 100,000 x 60, approval", synthetic, approval_rules))
    labels.append("synthetic: 100,000 voters, about 383,000 approvals, 60 projects (seeded)")
    path = largest("ordinal")
    label = f"{path.stem} (ordinal)"
    labels.append(f"{label}: {ballots_cast(path)[0]:,} voters (the largest ordinal file)")
    cases.append((label, functools.partial(lambda p: read_pabulib(p).instance, path), ["ranked"]))
    cases.append(
        ("synthetic 100,000 x 60, top-3 ranking", lambda: ranked_variant(synthetic()), ["ranked"])
    )
    labels.append("synthetic top-3 ranking: the same voters ranking 3 of their approvals")

    for label, build, rules in cases:
        if args.only not in label:
            continue
        rules = [rule for rule in rules if not chosen or rule in chosen]
        if not rules:
            continue
        print(label, flush=True)
        gc.collect()
        rows += measure(label, build(), rules, pb, args)

    text = markdown(rows, args, labels)
    print(text)
    if not (args.no_write or args.only or chosen):
        write_section(text)


if __name__ == "__main__":
    main()
