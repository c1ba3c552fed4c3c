"""Back-office writes that need to know every app: removing a process."""

from __future__ import annotations

from django.db.models import Model

from tessera.processes.models import Process, Step
from tessera.processes.services_editions import process_archive
from tessera.proposals.models import Proposal
from tessera.questionnaires.models import Participation as QuestionnaireParticipation
from tessera.votations.models import Ballot as VotationBallot
from tessera.votations.models import Participation as VotationParticipation
from tessera.votations.models import Station
from tessera.voting.models import Ballot, Participation

# The rows that say someone took part in a step, in every app that has a step kind: a
# proposal, a vote (ballots are never deleted), a questionnaire reply, a votation's vote
# (online, with a code, or a polling station's paper count).
TAKING_PART: tuple[type[Model], ...] = (
    Proposal,
    Participation,
    Ballot,
    QuestionnaireParticipation,
    VotationParticipation,
    VotationBallot,
    Station,
)


def process_has_contributions(process: Process) -> bool:
    return any(
        model._default_manager.filter(step__process=process).exists() for model in TAKING_PART
    )


def step_has_contributions(step: Step) -> bool:
    return any(model._default_manager.filter(step=step).exists() for model in TAKING_PART)


def process_remove(*, process: Process) -> bool:
    """Delete a process nobody took part in; archive one with contributions.

    True when it was deleted, False when archived.
    """
    if process_has_contributions(process):
        process_archive(process=process)
        return False
    process.delete()
    return True
