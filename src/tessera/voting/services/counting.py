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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

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

    The instance's first `individual` ballots are the ballots themselves (online, code and
    paper ones entered one by one); the station totals follow as weighted ballots."""

    district: District | None
    instance: tally.Instance
    proposals: dict[str, Proposal]
    online: dict[str, int]
    paper: dict[str, int]
    individual: int = 0
    station_ballots: int = 0  # paper ballots counted as station totals (not in the file)
    empty_ballots: int = 0  # ballots naming no proposal of this scope (counted nowhere)

    @property
    def ballots_instance(self) -> tally.Instance:
        """The instance of the individual ballots only: the open-data file's VOTES."""
        instance = self.instance
        return tally.Instance(
            budget=instance.budget,
            projects=instance.projects,
            ballots=instance.ballots[: self.individual],
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
    """The tally instance of one scope: its proposals in submission order, its ballots
    (anonymous: numbered in the order of their random ids, which is not the order they were
    cast, no account id) and the paper totals as weighted ballots."""
    settings = vote_settings_for(step)
    proposals = list(
        ballot_proposals(step, district, statuses=ON_BALLOT_STATUSES).order_by("created_at", "pk")
    )
    by_id = {str(p.pk): p for p in proposals}
    uses_points = settings.kind == vote_rules.POINTS
    rows = (
        BallotChoice.objects.filter(ballot__step=step, ballot__district=district)
        .order_by("ballot_id", "rank", "proposal_id")
        .values_list("ballot_id", "ballot__channel", "proposal_id", "points")
    )
    grouped: dict[int, list[tuple[str, int]]] = defaultdict(list)
    on_paper: set[int] = set()
    for ballot_id, channel, proposal_id, points in rows.iterator(chunk_size=20_000):
        if str(proposal_id) in by_id:
            grouped[ballot_id].append((str(proposal_id), points or 0))
            if channel == Channel.PAPER:
                on_paper.add(ballot_id)
    ballots = [
        tally.Ballot(
            choices=tuple(pid for pid, _p in lines),
            points=tuple(p for _pid, p in lines) if uses_points else (),
            voter_id=str(index + 1),
        )
        for index, lines in enumerate(grouped.values())
    ]
    paper_ballots = [
        b for b, ballot_id in zip(ballots, grouped, strict=True) if ballot_id in on_paper
    ]
    online_ballots = [
        b for b, ballot_id in zip(ballots, grouped, strict=True) if ballot_id not in on_paper
    ]
    individual = len(ballots)
    stations: list[tally.Ballot] = []
    totals = PaperTotal.objects.filter(station__step=step, station__district=district)
    for proposal_id, votes in totals.values_list("proposal_id", "votes"):
        pid = str(proposal_id)
        if pid not in by_id or votes <= 0:
            continue
        voter_id = f"p{individual + len(stations) + 1}"
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
        station_ballots=sum(station_ballots),
        empty_ballots=all_ballots - individual,
    )
