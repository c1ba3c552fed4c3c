"""Close the vote steps that ended: count what still waits sealed, delete the drafts.

    manage.py votes_close

Run it from cron (every few minutes) or the task scheduler: the publication of the results
does the same for its step, but until then a closed vote should hold no draft (the baskets of
voters who never submitted) and no pending ballot. Idempotent: a closed step with nothing
left is skipped.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from tessera.processes.models import Step
from tessera.voting.mixing import vote_close
from tessera.voting.models import BallotDraft, PendingBallot


class Command(BaseCommand):
    help = "Count the pending ballots and delete the drafts of the vote steps that ended."

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            waiting = Q(Exists(PendingBallot.objects.filter(step=OuterRef("pk")))) | Q(
                Exists(BallotDraft.objects.filter(step=OuterRef("pk")))
            )
            steps = Step.objects.filter(kind="vote", ends_at__lte=timezone.now()).filter(waiting)
            for step in steps:
                mixed = vote_close(step)
                self.stdout.write(f"step {step.pk}: {mixed} ballot(s) counted, drafts deleted")
