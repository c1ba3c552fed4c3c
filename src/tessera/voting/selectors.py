"""Reads of the vote: settings, the proposals on a ballot, a voter's ballot, counts, results."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum

from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.proposals.selectors import visible
from tessera.proposals.statuses import ProposalStatus
from tessera.voting import ballot_rules as vote_rules
from tessera.voting.mixing import pending_content
from tessera.voting.models import (
    Ballot,
    BallotChoice,
    BallotDraft,
    Channel,
    PaperTotal,
    Participation,
    PollingStation,
    Results,
    Scope,
    VoteSettings,
)
from tessera.voting.secrecy import ballot_references, pending_slots
from tessera.voting.stepcache import envelope, rules_of, snapshot_of

# Proposals that were on a ballot, before (eligible) and after (winner, …) the results.
ON_BALLOT_STATUSES = (
    ProposalStatus.ELIGIBLE,
    ProposalStatus.WINNER,
    ProposalStatus.NOT_SELECTED,
    ProposalStatus.IN_PROGRESS,
    ProposalStatus.DONE,
    ProposalStatus.ABANDONED,
)


def vote_settings_for(step: Step) -> VoteSettings:
    """The step's settings (defaults when none is saved), from the step's cached snapshot."""
    return snapshot_of(step).settings


def ballot_districts(step: Step) -> list[District]:
    """The districts a voter can pick for a district ballot (empty for a process ballot)."""
    return list(snapshot_of(step).districts)


def ballot_scopes(step: Step) -> list[District | None]:
    """Every ballot of the step: None is the process-wide one."""
    settings = vote_settings_for(step)
    districts: list[District | None] = list(ballot_districts(step))
    if settings.scope == Scope.PROCESS:
        return [None]
    if settings.scope == Scope.BOTH:
        return [None, *districts]
    return districts


def ballot_proposals(
    step: Step, district: District | None, *, statuses: tuple[str, ...] = (ProposalStatus.ELIGIBLE,)
) -> QuerySet[Proposal]:
    """The proposals on the ballot of this scope.

    Process scope: every eligible proposal of the process. District scope: the district's.
    Both: the process ballot holds the city-wide proposals (no district), each district ballot
    its own.
    """
    settings = vote_settings_for(step)
    proposals = visible(
        Proposal.objects.filter(step__process_id=step.process_id, status__in=statuses)
    )
    if settings.scope == Scope.PROCESS:
        return proposals
    if district is not None:
        return proposals.filter(district=district)
    if settings.scope == Scope.BOTH:
        return proposals.filter(district__isnull=True)
    return proposals.none()


def envelope_for(step: Step, district: District | None) -> int | None:
    return envelope(vote_settings_for(step), district)


def ballot_rules_for(
    step: Step, district: District | None, proposals: list[Proposal] | None = None
) -> vote_rules.BallotRules:
    """The pure rules of one ballot: from the step's cached snapshot, or built from
    `proposals` when the caller already read them (with their theme) to show them."""
    if proposals is None:
        snapshot = snapshot_of(step)
        cached = snapshot.rules.get(district.pk if district is not None else None)
        if cached is not None:
            return cached
        proposals = []  # a district that does not vote in this step: nothing to choose
    return rules_of(vote_settings_for(step), district, proposals)


@dataclass(frozen=True)
class VoterBallot:
    """What a voter may see of their own vote: when, and, while their ballot is still linked
    to them (a changeable step, until the results), its choices."""

    participation: Participation
    linked: bool  # False: the ballot is no longer linked to its voter
    choices: list[vote_rules.Choice]

    @property
    def submitted_at(self) -> Any:
        return self.participation.voted_at


def participation_of(voter: Any, step: Step, district: District | None) -> Participation | None:
    if not getattr(voter, "is_authenticated", False):
        return None
    return Participation.objects.filter(voter=voter, step=step, district=district).first()


def ballot_of(voter: Any, step: Step, district: District | None) -> VoterBallot | None:
    participation = participation_of(voter, step, district)
    if participation is None:
        return None
    choices = linked_choices(participation)
    return VoterBallot(participation, choices is not None, choices or [])


def linked_choices(participation: Participation) -> list[vote_rules.Choice] | None:
    """The participation's ballot, waiting sealed in the pending store or counted with its
    keyed reference (see voting.secrecy); None when nothing links it to the voter any more."""
    pending = pending_content(pending_slots(participation.pk))
    if pending is not None:
        lines = [vote_rules.Choice(p, rank, points) for p, rank, points in pending["choices"]]
        return sorted(lines, key=lambda c: (c.rank or 0, c.proposal_id))
    ballot = (
        Ballot.objects.filter(reference__in=ballot_references(participation.pk))
        .prefetch_related("choices")
        .first()
    )
    return ballot_choices(ballot) if ballot is not None else None


def ballot_choices(ballot: Ballot) -> list[vote_rules.Choice]:
    return [
        vote_rules.Choice(choice.proposal_id, choice.rank, choice.points)
        # Ids are random (see models.random_id): the proposal id keeps the order stable.
        for choice in sorted(ballot.choices.all(), key=lambda c: (c.rank or 0, c.proposal_id))
    ]


def draft_of(voter: Any, step: Step, district: District | None) -> BallotDraft | None:
    if not getattr(voter, "is_authenticated", False):
        return None
    return BallotDraft.objects.filter(voter=voter, step=step, district=district).first()


def draft_choices(draft: BallotDraft | None) -> list[vote_rules.Choice]:
    """The draft's choices as pure data; ranks follow the stored order for ranked ballots."""
    if draft is None:
        return []
    choices = []
    for item in draft.choices:
        if isinstance(item, dict) and isinstance(item.get("proposal"), int):
            points = item.get("points")
            choices.append(
                vote_rules.Choice(
                    item["proposal"], None, points if isinstance(points, int) else None
                )
            )
    return choices


def results_for_step(step: Step) -> Results | None:
    if hasattr(step, "_vote_results_cache"):
        cached: Results | None = step._vote_results_cache
        return cached
    results = Results.objects.filter(step=step).first()
    step._vote_results_cache = results  # type: ignore[attr-defined]
    return results


def rank_points(rank: int, ranks: int) -> int:
    """What a ranked ballot gives the proposal it ranks at `rank`, as the ranked rule counts:
    rank 1 of k scores k points, rank k scores 1 (3/2/1 for a top 3)."""
    return max(ranks + 1 - rank, 0)


def ranked_scores(
    rows: Iterable[tuple[int | None, int, int, int]], max_choices: int | None
) -> Counter[int]:
    """Rank points per proposal from (scope, proposal, rank, how many ballots) rows. k is the
    step's maximum number of ranks, else, as the tally does, the longest ballot of each scope
    (ranks run 1..length, so the largest rank seen in the scope)."""
    rows = list(rows)
    longest: dict[int | None, int] = {}
    for scope, _proposal, rank, _count in rows:
        longest[scope] = max(longest.get(scope, 0), rank)
    scores: Counter[int] = Counter()
    for scope, proposal, rank, count in rows:
        scores[proposal] += count * rank_points(rank, max_choices or longest[scope])
    return scores


def online_scores(step: Step, kind: str) -> Counter[int]:
    """Per proposal, the score so far of the ballots entered one by one (online, voting code
    and paper), in the unit the step's rule counts: approvals, points for points ballots,
    rank points for ranked ballots (see `rank_points`), never a mere "times chosen"."""
    choices = BallotChoice.objects.filter(ballot__step=step)
    if kind == vote_rules.RANKED:
        rows = (
            choices.filter(rank__isnull=False)
            .values("ballot__district_id", "proposal_id", "rank")
            .annotate(ballots=Count("pk"))
            .values_list("ballot__district_id", "proposal_id", "rank", "ballots")
            .order_by()
        )
        return ranked_scores(rows, vote_settings_for(step).max_choices)
    if kind == vote_rules.POINTS:
        rows = choices.values("proposal_id").annotate(score=Sum("points"))
    else:
        rows = choices.values("proposal_id").annotate(score=Count("pk"))
    return Counter({row["proposal_id"]: int(row["score"] or 0) for row in rows})


def paper_scores(step: Step) -> Counter[int]:
    """Per proposal, the votes of the polling stations' totals (never on ranked steps: their
    paper ballots are entered one by one)."""
    rows = (
        PaperTotal.objects.filter(station__step=step)
        .values("proposal_id")
        .annotate(score=Sum("votes"))
    )
    return Counter({row["proposal_id"]: int(row["score"] or 0) for row in rows})


COUNTS_CACHE_SECONDS = 60


def live_scores(step: Step, kind: str) -> Counter[int]:
    """The scores shown during the vote (ballots entered one by one and station totals, in
    the rule's unit: see `online_scores`), recomputed at most once a minute: counting every
    ballot on every page view would cost more than the page itself."""
    key = f"voting:scores:{step.organization_id}:{step.pk}"
    cached = cache.get(key)
    if isinstance(cached, dict):
        return Counter(cached)
    scores = online_scores(step, kind) + paper_scores(step)
    cache.set(key, dict(scores), COUNTS_CACHE_SECONDS)
    return scores


def turnout(step: Step) -> dict[str, int]:
    """Participations online (with an account or a voting code) and on paper (one by one,
    and as station totals), and distinct voters: counted from participations, not ballots."""
    counts = Participation.objects.filter(step=step).aggregate(
        online=Count("pk", filter=~Q(channel=Channel.PAPER)),
        paper=Count("pk", filter=Q(channel=Channel.PAPER)),
        voters=Count("voter", distinct=True),
        anonymous=Count("pk", filter=Q(voter__isnull=True)),
    )
    stations = (
        PollingStation.objects.filter(step=step).aggregate(total=Sum("ballots_count"))["total"] or 0
    )
    return {
        "online": counts["online"],
        "paper": counts["paper"] + stations,
        "paper_single": counts["paper"],
        "paper_stations": stations,
        "ballots": counts["online"] + counts["paper"] + stations,
        # A voter with an account counts once even with a district and a process ballot;
        # code and paper ballots have no account: each counts as one voter.
        "voters": counts["voters"] + counts["anonymous"] + stations,
    }


def home_district_rows(
    districts: Iterable[tuple[int, str]],
    voters: dict[int | None, int],
    without_account: int,
) -> list[dict[str, Any]]:
    """The rows of the turnout by home district: every district (0 when nobody from there
    voted), then accounts that give no district, then participations without an account.
    `voters` maps a district id (None: no district) to the number of accounts that voted."""
    rows: list[dict[str, Any]] = [
        {"district": pk, "name": name, "voters": voters.get(pk, 0)} for pk, name in districts
    ]
    rows.append({"district": None, "kind": "no_district", "voters": voters.get(None, 0)})
    rows.append({"district": None, "kind": "no_account", "voters": without_account})
    return rows


def turnout_by_home_district(step: Step) -> list[dict[str, Any]]:
    """Voters by the district of their account (`User.district`), the turnout of a
    city-wide vote across the city. Counted from participations (that someone voted), never
    from ballots, so it says nothing of what anyone voted; a voter with a process and a
    district ballot counts once. Voting codes, paper ballots and station totals have no
    account: they make the last line, each ballot one voter, as in `turnout`."""
    participations = Participation.objects.filter(step=step)
    with_account = (
        participations.filter(voter__isnull=False)
        .values("voter__district_id")
        .annotate(voters=Count("voter", distinct=True))
        .values_list("voter__district_id", "voters")
        .order_by()
    )
    without_account = participations.filter(voter__isnull=True).count()
    stations = (
        PollingStation.objects.filter(step=step).aggregate(total=Sum("ballots_count"))["total"] or 0
    )
    districts = District.objects.filter(organization_id=step.organization_id).order_by(
        "position", "name"
    )
    return home_district_rows(
        districts.values_list("pk", "name"), dict(with_account), without_account + stations
    )
