"""Back-office writes that need to know every app: removing a process."""

from __future__ import annotations

from tessera.processes.models import Process, Step
from tessera.processes.services_editions import process_archive
from tessera.proposals.models import Proposal
from tessera.voting.models import Ballot, Participation


def process_has_contributions(process: Process) -> bool:
    """Someone took part: a proposal, or a ballot (ballots are never deleted)."""
    return (
        Proposal.objects.filter(step__process=process).exists()
        or Participation.objects.filter(step__process=process).exists()
        or Ballot.objects.filter(step__process=process).exists()
    )


def step_has_contributions(step: Step) -> bool:
    return (
        Proposal.objects.filter(step=step).exists()
        or Participation.objects.filter(step=step).exists()
        or Ballot.objects.filter(step=step).exists()
    )


def process_remove(*, process: Process) -> bool:
    """Delete a process nobody took part in; archive one with contributions.

    True when it was deleted, False when archived.
    """
    if process_has_contributions(process):
        process_archive(process=process)
        return False
    process.delete()
    return True
