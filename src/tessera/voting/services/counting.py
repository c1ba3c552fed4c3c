"""Reading a scope's ballots into a tally instance: the ballots one by one, the polling
stations' totals as weighted ballots, and each proposal's score by channel.

Paper totals per polling station enter the count as weighted single-choice ballots: a station
reporting 40 votes for a proposal adds one ballot of weight 40 naming only that proposal (for
points ballots: one ballot giving it those points). The greedy rules then add exactly the
station's votes to each score. The Method of Equal Shares sees those paper voters as
supporting one proposal each, because totals do not say which proposals one person chose
together; enter paper ballots one by one where that matters. Ranked steps take paper ballots
one by one only.

Per proposal, the score is split by channel: "online" is what the ballots cast with an account
or a voting code gave it, "paper" what the paper ballots entered one by one and the station
totals gave it, both in the rule's unit (votes, points or rank points).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.db import connection, transaction
from django.db.models import F, QuerySet, StringAgg, TextField, Value
from django.db.models.functions import Cast, Coalesce

from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.voting import ballot_rules as vote_rules
from tessera.voting import tally
from tessera.voting.models import (
    Ballot,
    BallotChoice,
    Channel,
    PaperTotal,
    PollingStation,
)
from tessera.voting.selectors import (
    ON_BALLOT_STATUSES,
    ballot_proposals,
    envelope_for,
    vote_settings_for,
)
from tessera.voting.tally.scores import rank_length

VOTE_TYPES = {
    vote_rules.APPROVAL: "approval",
    vote_rules.BUDGET: "approval",
    vote_rules.RANKED: "ordinal",
    vote_rules.POINTS: "cumulative",
}


@dataclass(frozen=True)
class ScopeCount:
    """What one ballot (process or district) adds up to, with its tally instance.

    The instance's first `groups` ballots are the ballots themselves (online, code and
    paper ones entered one by one), identical ones merged into one of their number's weight;
    the station totals follow as weighted ballots."""

    district: District | None
    instance: tally.Instance
    proposals: dict[str, Proposal]
    online: dict[str, int]
    paper: dict[str, int]
    individual: int = 0  # voters whose ballots are in the instance (not the stations')
    groups: int = 0  # the instance's first `groups` ballots are theirs, identical ones merged
    station_ballots: int = 0  # paper ballots counted as station totals (not in the file)
    empty_ballots: int = 0  # ballots naming no proposal of this scope (counted nowhere)

    @property
    def ballots_instance(self) -> tally.Instance:
        """The instance of the individual ballots only: the open-data file's VOTES."""
        instance = self.instance
        if self.groups == len(instance.ballots):
            return instance  # no station totals: the same ballots (not checked again)
        return tally.Instance(
            budget=instance.budget,
            projects=instance.projects,
            ballots=instance.ballots[: self.groups],
            vote_type=instance.vote_type,
            max_choices=instance.max_choices,
        )


def score_by_proposal(
    ballots: Iterable[tally.Ballot], vote_type: str, ranks: int
) -> dict[str, int]:
    """What these ballots give each proposal, in the tally's unit (`tally.scores`): one per
    approval, the points of a points ballot, k - i for the i-th choice (0-based) of a ranked
    ballot of k ranks; times the ballot's weight."""
    totals: dict[str, int] = defaultdict(int)
    for ballot in ballots:
        for index, proposal_id in enumerate(ballot.choices):
            if ballot.points:
                value = ballot.points[index]
            elif vote_type == "ordinal":
                value = ranks - index
            else:
                value = 1
            totals[proposal_id] += value * ballot.weight
    return dict(totals)


def step_instance(step: Step, district: District | None) -> ScopeCount:
    """The tally instance of one scope: its proposals in submission order, its ballots with
    identical ones counted once (a weighted ballot per distinct ballot and channel, no
    account id, nothing of the order they were cast in) and the paper totals as weighted
    ballots."""
    settings = vote_settings_for(step)
    proposals = list(
        ballot_proposals(step, district, statuses=ON_BALLOT_STATUSES).order_by("created_at", "pk")
    )
    by_id = {str(p.pk): p for p in proposals}
    uses_points = settings.kind == vote_rules.POINTS
    online_ballots: list[tally.Ballot] = []
    paper_ballots: list[tally.Ballot] = []
    scope_ballots = distinct_ballots(step, district, list(by_id), with_points=uses_points)
    for channel, choices, points, voters in scope_ballots:
        ballot = tally.Ballot(
            choices=tuple(choices.split(",")),
            points=tuple(map(int, points.split(","))) if uses_points else (),
            weight=voters,
        )
        (paper_ballots if channel == Channel.PAPER else online_ballots).append(ballot)
    ballots = [*online_ballots, *paper_ballots]
    individual = sum(ballot.weight for ballot in ballots)
    stations: list[tally.Ballot] = []
    totals = PaperTotal.objects.filter(station__step=step, station__district=district)
    for proposal_id, votes in totals.values_list("proposal_id", "votes"):
        pid = str(proposal_id)
        if pid not in by_id or votes <= 0:
            continue
        voter_id = f"p{len(stations) + 1}"
        if uses_points:
            stations.append(tally.Ballot(choices=(pid,), points=(votes,), voter_id=voter_id))
        else:
            stations.append(tally.Ballot(choices=(pid,), weight=votes, voter_id=voter_id))
    budget = envelope_for(step, district)
    if budget is None:
        budget = sum(p.estimated_cost or 0 for p in proposals)
    instance = tally.Instance(
        budget=budget,
        projects=tuple(tally.Project(str(p.pk), p.estimated_cost or 0, p.title) for p in proposals),
        ballots=(*ballots, *stations),
        vote_type=VOTE_TYPES[settings.kind],  # type: ignore[arg-type]
        max_choices=settings.max_choices if settings.kind == vote_rules.RANKED else None,
    )
    ranks = rank_length(instance) if instance.vote_type == "ordinal" else 0
    station_ballots = PollingStation.objects.filter(step=step, district=district).values_list(
        "ballots_count", flat=True
    )
    all_ballots = Ballot.objects.filter(step=step, district=district).count()
    return ScopeCount(
        district,
        instance,
        by_id,
        online=score_by_proposal(online_ballots, instance.vote_type, ranks),
        paper=score_by_proposal([*paper_ballots, *stations], instance.vote_type, ranks),
        individual=individual,
        groups=len(ballots),
        station_ballots=sum(station_ballots),
        empty_ballots=all_ballots - individual,
    )


DistinctBallot = tuple[str, str, str, int]  # channel, "12,7,31", "3,0,1", how many cast it


def distinct_ballots(
    step: Step, district: District | None, proposal_ids: list[str], *, with_points: bool = True
) -> list[DistinctBallot]:
    """Each different ballot of the scope and how many voters cast it, from the choices of
    `proposal_ids` (a ballot naming none of them is left out): its channel, its proposal ids
    in ballot order (rank, then id) and the points given to each (0 when none), joined by
    commas (points "" unless `with_points`). The database groups them where it can order
    within an aggregate (PostgreSQL): 500,000 ballots then reach Python as the few hundred
    thousand different ones, with no ORM row per choice."""
    if not proposal_ids:
        return []  # nothing to count (and no SQL to build: the filter matches nothing)
    choices = BallotChoice.objects.filter(
        ballot__step=step, ballot__district=district, proposal_id__in=proposal_ids
    )
    if not connection.features.supports_aggregate_order_by_clause:
        return distinct_ballots_of(_choice_rows(choices), with_points=with_points)
    order = ("rank", "proposal_id")
    # an aggregate's ORDER BY sorts every ballot's choices: points are listed only where
    # they count
    points = (
        StringAgg(Cast(Coalesce("points", 0), TextField()), Value(","), order_by=order)
        if with_points
        else Value("")
    )
    per_ballot = (
        choices.annotate(channel=F("ballot__channel"))
        .values("ballot_id", "channel")
        .annotate(
            choice_list=StringAgg(Cast("proposal_id", TextField()), Value(","), order_by=order),
            point_list=points,
        )
        .values_list("channel", "choice_list", "point_list")
        .order_by()
    )
    sql, params = per_ballot.query.sql_with_params()
    columns = ", ".join(map(connection.ops.quote_name, ("channel", "choice_list", "point_list")))
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the sorts of 1.5 million choices fit in memory instead of temporary files
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(
            f"SELECT {columns}, COUNT(*) FROM ({sql}) per_ballot "  # noqa: S608 (ORM-built)
            f"GROUP BY {columns} ORDER BY {columns}",
            params,
        )
        return [(channel, names, points, voters) for channel, names, points, voters in cursor]


def _choice_rows(choices: QuerySet[BallotChoice]) -> Iterator[tuple[int, str, int, int | None]]:
    """(ballot, channel, proposal, points) of every choice, in ballot order, read with a plain
    cursor: no ORM row per choice."""
    rows = choices.order_by("ballot_id", "rank", "proposal_id").values_list(
        "ballot_id", "ballot__channel", "proposal_id", "points"
    )
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(20_000):
            yield from batch


def distinct_ballots_of(
    rows: Iterable[tuple[int, str, int, int | None]], *, with_points: bool = True
) -> list[DistinctBallot]:
    """`distinct_ballots` from every choice, read in ballot order: for databases that cannot
    order within an aggregate (SQLite before 3.44)."""
    counted: Counter[tuple[str, str, str]] = Counter()
    for _ballot, lines in groupby(rows, itemgetter(0)):
        chosen = list(lines)
        counted[
            (
                chosen[0][1],
                ",".join(str(line[2]) for line in chosen),
                ",".join(str(line[3] or 0) for line in chosen) if with_points else "",
            )
        ] += 1
    return [(*key, voters) for key, voters in sorted(counted.items())]
