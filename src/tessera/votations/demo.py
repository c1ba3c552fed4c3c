"""The demo's closed votation: the agreement with the neighbouring town, 1,744 votes online,
with codes and on paper, and its results (make run, `manage.py demo`)."""

from __future__ import annotations

import random

from django.utils import timezone

from tessera.processes.models import Step
from tessera.votations.models import Ballot, Channel, Participation, VotationSettings
from tessera.votations.services import receipt_new, settings_save, station_save

# Answer → (online, with a voting code); the stations' paper votes come on top.
ONLINE = {"Oui": (230, 44), "Non": (880, 170), "blank": (45, 5)}
STATIONS = [
    # name, signatures, votes per answer (Oui, Non, blank): La Gare's count is two short.
    ("Mairie", 230, (45, 175, 10)),
    ("École de La Gare", 142, (30, 100, 10)),
]


def load_demo_votation(*, step: Step) -> str:
    """Idempotent: a step that already has its settings is left as it is."""
    if VotationSettings.objects.filter(step=step).exists():
        return "Demo votation already there"
    settings = VotationSettings(
        organization_id=step.organization_id,
        step=step,
        question="Approuvez-vous l’accord de coopération avec Villeneuve-sur-Marne ?",
        majority="absolute",
        quorum_percent=25,
        eligible_population=5200,
        codes_allowed=True,
        ballot_changeable=True,
    )
    settings_save(settings=settings, answers=["Oui", "Non"], blank=True)
    answers = {("blank" if a.is_blank else a.label): a for a in settings.answers.all()}
    rows = [
        (answers[label].pk, channel)
        for label, (online, coded) in ONLINE.items()
        for channel, count in ((Channel.ONLINE, online), (Channel.CODE, coded))
        for _ in range(count)
    ]
    random.Random(2026).shuffle(rows)
    now = timezone.now()
    Participation.objects.bulk_create(
        Participation(
            organization_id=step.organization_id, step=step, channel=channel, voted_at=now
        )
        for _answer, channel in rows
    )
    # Counted as the mix counts them: no voter, no time, references erased after the close.
    Ballot.objects.bulk_create(
        Ballot(
            organization_id=step.organization_id,
            step=step,
            channel=channel,
            answer_id=answer,
            receipt=receipt_new(),
        )
        for answer, channel in rows
    )
    for name, signatures, votes in STATIONS:
        station_save(
            step=step,
            name=name,
            signatures=signatures,
            totals={
                answers[label].pk: n
                for label, n in zip(("Oui", "Non", "blank"), votes, strict=True)
            },
        )
    paper = sum(sum(votes) for _name, _signatures, votes in STATIONS)
    return f"Demo votation: {len(rows)} ballots online, {paper} on paper"
