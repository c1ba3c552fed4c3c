"""Participation figures read from every app that records an action (see participants.py).

One list, SOURCES, says what an action is and where it is stored. The figures of a page are
computed in a few grouped queries by the periodic refresh only (stats.stored, `manage.py
stats_refresh`): a page reads the last stored ones and never counts everything
(docs/performance.md).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, Min, Model, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate, TruncHour
from django.utils import timezone

from tessera.accounts.models import Role, Service, User
from tessera.comments.models import Comment
from tessera.contributions.models import Reaction
from tessera.organizations.models import District
from tessera.processes.models import Process
from tessera.proposals.models import Proposal
from tessera.proposals.statuses import LISTED, ProposalStatus
from tessera.stats import participants as rules
from tessera.voting.models import Participation

DAYS = 60
RUSH_HOURS = 72


@dataclass(frozen=True)
class Source:
    """A kind of action: its model, who did it, when, and the path to its process."""

    key: str
    model: type[Model]
    person: str
    moment: str
    process: str
    contribution: bool = True  # counted among contributions (a ballot is not one)


SOURCES = [
    Source("proposals", Proposal, "author", "created_at", "step__process"),
    Source("comments", Comment, "author", "created_at", "contribution__step__process"),
    Source("reactions", Reaction, "user", "created_at", "contribution__step__process"),
    Source("ballots", Participation, "voter", "voted_at", "step__process", contribution=False),
]


def eligible_people() -> QuerySet[User]:
    """Accounts that count once they act: verified, active, not deleted, not staff."""
    analysts = Service.members.through.objects.values("user_id")
    return User.objects.filter(
        email_verified=True,
        is_active=True,
        deleted_at__isnull=True,
        role=Role.RESIDENT,
        is_superuser=False,
    ).exclude(pk__in=analysts)


def _actions_of(source: Source, process: Process | None) -> QuerySet[Any]:
    actions = source.model.objects.filter(**{f"{source.person}__isnull": False})  # type: ignore[attr-defined]
    if process is not None:
        actions = actions.filter(**{source.process: process})
    return actions


def participants(process: Process | None = None) -> QuerySet[User]:
    """The participants (of one process, or of the site) as a query: is_participant in SQL."""
    acted = Q()
    for source in SOURCES:
        acted |= Q(Exists(_actions_of(source, process).filter(**{source.person: OuterRef("pk")})))
    return eligible_people().filter(acted)


@dataclass(frozen=True)
class VoteFigures:
    step_id: int
    title: str
    voters: int
    per_hour: list[tuple[datetime, int]]


@dataclass(frozen=True)
class Figures:
    """What the participation page and the dashboard show; stored as JSON (to_data)."""

    participants: int
    eligible: int
    new_participants: list[tuple[date, int]]
    contributions: list[tuple[date, int]]
    by_district: list[tuple[str, int]]
    by_age: list[tuple[str, int]]
    proposals_by_status: list[tuple[str, int]]
    votes: list[VoteFigures]
    listed_proposals: int = 0  # the dashboard's key figures
    ballots: int = 0

    def to_data(self) -> dict[str, Any]:
        return {
            "participants": self.participants,
            "eligible": self.eligible,
            "new_participants": [(day.isoformat(), n) for day, n in self.new_participants],
            "contributions": [(day.isoformat(), n) for day, n in self.contributions],
            "by_district": self.by_district,
            "by_age": self.by_age,
            "proposals_by_status": self.proposals_by_status,
            "votes": [
                (
                    vote.step_id,
                    vote.title,
                    vote.voters,
                    [(h.isoformat(), n) for h, n in vote.per_hour],
                )
                for vote in self.votes
            ],
            "listed_proposals": self.listed_proposals,
            "ballots": self.ballots,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Figures:
        return cls(
            participants=data["participants"],
            eligible=data["eligible"],
            new_participants=[(date.fromisoformat(d), n) for d, n in data["new_participants"]],
            contributions=[(date.fromisoformat(d), n) for d, n in data["contributions"]],
            by_district=[(name, n) for name, n in data["by_district"]],
            by_age=[(band, n) for band, n in data["by_age"]],
            proposals_by_status=[(label, n) for label, n in data["proposals_by_status"]],
            votes=[
                VoteFigures(
                    step_id, title, voters, [(datetime.fromisoformat(h), n) for h, n in hours]
                )
                for step_id, title, voters, hours in data["votes"]
            ],
            listed_proposals=data["listed_proposals"],
            ballots=data["ballots"],
        )


People = dict[int, tuple[int | None, int | None]]


def eligible_people_by_pk() -> People:
    """Each eligible person's district and year of birth, read once per refresh."""
    return {
        pk: (district, year)
        for pk, district, year in eligible_people().values_list(
            "pk", "district_id", "year_of_birth"
        )
    }


def figures_compute(process: Process | None, today: date, people: People) -> Figures:
    """Count everything for the site (process None) or one process: seconds on big data,
    so only the refresh calls it (stats.stored)."""
    first = rules.first_actions(
        (person, when)
        for source in SOURCES
        for person, when in _actions_of(source, process)
        .values_list(source.person)
        .annotate(first=Min(source.moment))
        .order_by()
        if person in people
    )
    start = today - timedelta(days=DAYS - 1)
    return Figures(
        participants=len(first),
        eligible=len(people),
        new_participants=rules.per_day(
            (timezone.localdate(when) for when in first.values()), start, today
        ),
        contributions=_contributions_per_day(process, start, today),
        by_district=_by_district(people[pk][0] for pk in first),
        by_age=_by_age(people[pk][1] for pk in first),
        proposals_by_status=_proposals_by_status(process),
        votes=_votes(process),
        listed_proposals=_proposals(process).filter(status__in=LISTED).count(),
        # Every participation, with a voting code or on paper too: the dashboard's voters.
        ballots=_participations(process).count(),
    )


def _contributions_per_day(
    process: Process | None, start: date, end: date
) -> list[tuple[date, int]]:
    counts: Counter[date] = Counter()
    since = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    for source in SOURCES:
        if not source.contribution:
            continue
        rows = (
            _actions_of(source, process)
            .filter(**{f"{source.moment}__gte": since})
            .annotate(day=TruncDate(source.moment))
            .values_list("day")
            .annotate(count=Count("pk"))
            .order_by()
        )
        counts.update(dict(rows))
    return [(day, counts[day]) for day, _zero in rules.per_day([], start, end)]


def _by_district(district_ids: Any) -> list[tuple[str, int]]:
    counts = Counter(district_ids)
    names = dict(District.objects.values_list("pk", "name"))
    return [(names.get(pk, "—") if pk else "", count) for pk, count in counts.most_common()]


def _by_age(years: Any) -> list[tuple[str, int]]:
    this_year = timezone.localdate().year
    counts = Counter(rules.age_band(year, this_year) for year in years)
    bands = [f"{low}+" if high == 200 else f"{low}–{high}" for low, high in rules.AGE_BANDS]
    return [(band, counts[band]) for band in bands] + [("", counts[None])]


def _participations(process: Process | None) -> QuerySet[Participation]:
    participations = Participation.objects.all()
    return participations if process is None else participations.filter(step__process=process)


def _proposals(process: Process | None) -> QuerySet[Proposal]:
    proposals = Proposal.objects.all()
    return proposals if process is None else proposals.filter(step__process=process)


def _proposals_by_status(process: Process | None) -> list[tuple[str, int]]:
    counts = dict(_proposals(process).values_list("status").annotate(count=Count("pk")).order_by())
    # Stored by value: each reader sees the status's label in their own language.
    return [(status.value, counts.get(status, 0)) for status in ProposalStatus]


def _votes(process: Process | None) -> list[VoteFigures]:
    """Each vote step with its voters and its ballots per hour over the last hours."""
    if process is None:
        return []
    votes = []
    for step in process.steps.filter(kind="vote").order_by("starts_at"):
        ballots = Participation.objects.filter(step=step)
        end = min(step.ends_at, timezone.now())
        since = max(step.starts_at, end - timedelta(hours=RUSH_HOURS))
        rows = dict(
            ballots.filter(voted_at__gte=since)
            .annotate(hour=TruncHour("voted_at"))
            .values_list("hour")
            .annotate(count=Count("pk"))
            .order_by()
        )
        votes.append(VoteFigures(step.pk, step.title, ballots.count(), sorted(rows.items())))
    return votes
