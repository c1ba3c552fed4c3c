"""Reads of a votation step: its settings, a voter's own ballot, the count's inputs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum

from tessera.core.sealing import keyed_hashes, unseal
from tessera.processes.models import Step
from tessera.votations import counting
from tessera.votations.models import (
    Answer,
    Ballot,
    Participation,
    PendingBallot,
    Station,
    StationTotal,
    VotationSettings,
)
from tessera.voting.models import CensusCode, VotingCode

# Changing a salt orphans what it keyed: voters could no longer find or change their vote.
REFERENCE_SALT = "tessera.votations.reference"
SLOT_SALT = "tessera.votations.pending-slot"


def references(participation_id: int) -> list[str]:
    """The keyed reference a changeable ballot carries (current key first)."""
    return keyed_hashes(REFERENCE_SALT, f"participation {participation_id}")


def slots(participation_id: int) -> list[str]:
    """Where a voter's pending ballot waits; not the reference (see voting.secrecy)."""
    return keyed_hashes(SLOT_SALT, f"participation {participation_id}")


def settings_for(step: Step | None) -> VotationSettings | None:
    """The step's votation settings, read once per step object."""
    if step is None:
        return None
    cache: dict[str, Any] = step.__dict__.setdefault("_votation", {})
    if "settings" not in cache:
        cache["settings"] = VotationSettings.objects.filter(step=step).first()
    settings: VotationSettings | None = cache["settings"]
    return settings


def answers_of(settings: VotationSettings) -> list[Answer]:
    return list(settings.answers.all())


def participation_of(voter: Any, step: Step) -> Participation | None:
    if not voter.is_authenticated:
        return None
    return Participation.objects.filter(step=step, voter=voter).first()


@dataclass(frozen=True)
class OwnBallot:
    answer_id: int | None
    grades: dict[int, int]
    receipt: str
    counted: bool


def own_ballot(participation: Participation) -> OwnBallot | None:
    """A voter's ballot: waiting sealed in their slot, or counted under their reference."""
    pending = (
        PendingBallot.objects.filter(slot__in=slots(participation.pk))
        .values_list("sealed", flat=True)
        .first()
    )
    if pending is not None:
        content = unseal(bytes(pending))
        return OwnBallot(content["answer"], _grades(content["grades"]), content["receipt"], False)
    ballot = Ballot.objects.filter(reference__in=references(participation.pk)).first()
    if ballot is None:
        return None
    return OwnBallot(ballot.answer_id, _grades(ballot.grades), ballot.receipt, True)


def _grades(stored: dict[str, int]) -> dict[int, int]:
    return {int(answer): grade for answer, grade in stored.items()}


def receipt_status(step: Step, receipt: str) -> str | None:
    """ "counted", "waiting" (sealed, counted at the next mix) or None (unknown receipt)."""
    receipt = receipt.strip().upper()
    if Ballot.objects.filter(step=step, receipt=receipt).exists():
        return "counted"
    for sealed in PendingBallot.objects.filter(step=step).values_list("sealed", flat=True):
        if unseal(bytes(sealed))["receipt"] == receipt:
            return "waiting"
    return None


def eligible_population(settings: VotationSettings) -> int | None:
    """As declared, else the codes handed out (census and voting codes), else unknown."""
    if settings.eligible_population:
        return settings.eligible_population
    codes = CensusCode.objects.filter(step_id=settings.step_id).count()
    codes += VotingCode.objects.filter(step_id=settings.step_id).count()
    return codes or None


def voters_count(step: Step) -> int:
    return Participation.objects.filter(step=step).count()


def tallied(settings: VotationSettings) -> list[counting.Tallied]:
    """Each answer's votes: the counted ballots and the polling stations' totals."""
    online = dict(
        Ballot.objects.filter(step_id=settings.step_id, answer__isnull=False)
        .values_list("answer_id")
        .annotate(n=Count("id"))
        .values_list("answer_id", "n")
    )
    paper = dict(
        StationTotal.objects.filter(station__step_id=settings.step_id)
        .values_list("answer_id")
        .annotate(n=Sum("votes"))
        .values_list("answer_id", "n")
    )
    return [
        counting.Tallied(a.pk, a.label, a.is_blank, online.get(a.pk, 0) + (paper.get(a.pk) or 0))
        for a in answers_of(settings)
    ]


def judged(settings: VotationSettings) -> list[counting.Judged]:
    answers = answers_of(settings)
    grades: dict[int, list[int]] = {a.pk: [] for a in answers}
    for given in Ballot.objects.filter(step_id=settings.step_id).values_list("grades", flat=True):
        for answer, grade in given.items():
            if int(answer) in grades:
                grades[int(answer)].append(grade)
    return counting.judgment_ranking(grades, {a.pk: a.label for a in answers})


@dataclass(frozen=True)
class StationLine:
    station: Station
    votes: int
    gap: int


def stations_of(step: Step) -> list[StationLine]:
    stations = Station.objects.filter(step=step).annotate(votes=Sum("totals__votes"))
    return [
        StationLine(s, s.votes or 0, counting.station_gap(s.signatures, s.votes or 0))
        for s in stations
    ]


def open_ballots(step: Step) -> Any:
    """The counted ballots as open data, in random order (their ids are random)."""
    return (
        Ballot.objects.filter(step=step)
        .order_by("id")
        .values_list("receipt", "channel", "answer__label", "grades")
    )
