"""Demo vote data: the 2026 budget's vote step settings, the 2025 edition's vote with a few
thousand generated ballots, a polling station's paper totals and published results, and a
small budget whose vote is open now, so that a visitor can fill a ballot.

Idempotent: settings are updated in place, proposals are looked up by title, and ballots and
results are generated only once (results, once published, stay).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from django.utils import timezone

from tessera.accounts.models import User
from tessera.organizations.models import District, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_status_change, proposal_submit
from tessera.proposals.statuses import ProposalStatus
from tessera.voting.models import (
    Ballot,
    BallotChoice,
    Participation,
    PollingStation,
    Results,
    VoteSettings,
)
from tessera.voting.services import paper_totals_save
from tessera.voting.services.results import results_publish

BALLOTS_2025 = 3000
ENVELOPE = 500_000
BALLOTS_OPEN = 240
ENVELOPE_OPEN = 150_000
# (title, cost) of the open vote's eligible proposals.
PROJECTS_OPEN = [
    ("Une boîte à livres place du Marché", 4_000),
    ("Des bacs à compost partagés", 12_000),
    ("Un abri vélos sécurisé à la gare", 38_000),
    ("Des bancs à l’ombre au parc des Tilleuls", 9_000),
    ("Un potager sur le toit du centre social", 27_000),
    ("Une fontaine à eau au stade", 15_000),
    ("Des jeux peints dans la cour de l’école", 6_000),
    ("Un terrain de pétanque éclairé", 22_000),
    ("Une signalétique en braille à la mairie", 11_000),
    ("Des ruches au jardin des Plantes", 8_000),
    ("Un mur d’expression libre", 5_000),
    ("Une table de ping-pong en béton", 7_000),
]
# (title, cost) of the 2025 edition's eligible proposals.
PROJECTS_2025 = [
    ("Des arbres fruitiers dans les squares", 35_000),
    ("Une piste cyclable rue de la Gare", 120_000),
    ("Des toilettes publiques accessibles", 80_000),
    ("Un skatepark au Plateau", 150_000),
    ("Des nichoirs et des hôtels à insectes", 8_000),
    ("Une fresque participative", 15_000),
    ("Un city-stade rénové", 95_000),
    ("Des bancs le long de la Marne", 22_000),
    ("Un jardin pédagogique à l’école", 30_000),
    ("L’éclairage solaire des sentiers", 70_000),
    ("Une boîte à dons", 3_000),
    ("Des agrès de sport en plein air", 45_000),
    ("Une ludothèque mobile", 55_000),
    ("Des récupérateurs d’eau de pluie", 18_000),
    ("Un parcours de santé", 60_000),
    ("Une aire de jeux inclusive", 110_000),
]


def load_demo_vote(
    *, current: Process, past: Process, themes: Sequence[Theme], districts: Sequence[District]
) -> str:
    """Configure both editions' vote steps; returns a line for the demo command's output."""
    current_step = current.steps.get(kind="vote")
    _settings(current_step)
    past_vote = past.steps.get(kind="vote")
    _settings(past_vote)
    if Results.objects.filter(step=past_vote).exists():
        return "Demo vote: the 2025 results are already published"
    proposals = _eligible_proposals(past, PROJECTS_2025, themes, districts)
    if not Ballot.objects.filter(step=past_vote).exists():
        _ballots(past_vote, proposals)
        station, _created = PollingStation.objects.get_or_create(
            organization_id=past_vote.organization_id, step=past_vote, name="Mairie", district=None
        )
        rng = random.Random(2025)
        paper_totals_save(
            station=station,
            ballots_count=140,
            votes={p.pk: rng.randint(5, 60) for p in proposals},
        )
    results = results_publish(step=past_vote, published_by=None)
    return f"Demo vote: 2025 results published ({len(results.winners)} winners)"


def load_demo_open_vote(
    *, process: Process, themes: Sequence[Theme], districts: Sequence[District]
) -> str:
    """A vote open now, with eligible proposals and a few ballots already cast (live counts)."""
    vote = process.steps.get(kind="vote")
    _settings(vote, envelope=ENVELOPE_OPEN)
    proposals = _eligible_proposals(process, PROJECTS_OPEN, themes, districts)
    if not Ballot.objects.filter(step=vote).exists():
        _ballots(vote, proposals, count=BALLOTS_OPEN, envelope=ENVELOPE_OPEN)
    return f"Demo vote open: {len(proposals)} proposals on the ballot"


def _settings(step: Step, *, envelope: int = ENVELOPE) -> VoteSettings:
    settings, _created = VoteSettings.objects.update_or_create(
        step=step,
        defaults={
            "organization_id": step.organization_id,
            "kind": "budget",
            "budget": envelope,
            "min_choices": 1,
            "tally_rule": "greedy",
        },
    )
    return settings


def _eligible_proposals(
    process: Process,
    projects: Sequence[tuple[str, int]],
    themes: Sequence[Theme],
    districts: Sequence[District],
) -> list[Proposal]:
    collect = process.steps.get(kind="collect")
    author = User.objects.filter(email="resident@demo.test").first()
    proposals = []
    for index, (title, cost) in enumerate(projects):
        proposal = Proposal.objects.filter(step=collect, title=title).first()
        if proposal is None and author is not None:
            proposal = proposal_submit(
                author=author,
                step=collect,
                title=title,
                description=f"{title} : une idée d’habitant, jugée recevable par les services.",
                theme=themes[index % len(themes)],
                district=districts[index % len(districts)] if index % 3 == 0 else None,
                estimated_cost=cost,
            )
        if proposal is None:
            continue
        if proposal.status == ProposalStatus.PUBLISHED:
            proposal_status_change(
                proposal=proposal, to_status=ProposalStatus.ELIGIBLE, changed_by=None, notify=False
            )
        proposals.append(proposal)
    return proposals


def _ballots(
    step: Step,
    proposals: list[Proposal],
    *,
    count: int = BALLOTS_2025,
    envelope: int = ENVELOPE,
) -> None:
    """Anonymous generated ballots: each voter picks popular proposals within the envelope."""
    rng = random.Random(42)
    weights = [1 / (rank + 1) for rank in range(len(proposals))]
    rng.shuffle(weights)
    now = timezone.now()
    Participation.objects.bulk_create(
        Participation(organization_id=step.organization_id, step=step, voted_at=now)
        for _ in range(count)
    )
    ballots = Ballot.objects.bulk_create(
        Ballot(organization_id=step.organization_id, step=step) for _ in range(count)
    )
    choices = []
    for ballot in ballots:
        wanted = rng.randint(1, 6)
        picked: list[Proposal] = []
        spent = 0
        for proposal in rng.choices(proposals, weights=weights, k=wanted * 2):
            cost = proposal.estimated_cost or 0
            if proposal in picked or spent + cost > envelope or len(picked) >= wanted:
                continue
            picked.append(proposal)
            spent += cost
        choices += [
            BallotChoice(organization_id=step.organization_id, ballot=ballot, proposal=proposal)
            for proposal in picked
        ]
    BallotChoice.objects.bulk_create(choices, batch_size=5000)
