"""Give the benchmark organisation (made by `seed_bench`) a vote step with many ballots.

    manage.py seed_ballots --ballots 500000 [--eligible 200] [--host bench.localhost]

The collect step is moved into the past, a budget vote step opens now, the first --eligible
proposals become eligible (a bulk update: benchmark data, not a decision), and --ballots
anonymous ballots of 1 to 6 proposals each (Zipf-like popularity) are inserted, each with an
anonymous participation (the turnout counts those): with COPY on PostgreSQL (500,000 ballots
in well under two minutes), bulk_create elsewhere. Ballot and choice ids are random, as the
app draws them (models.random_id).
"""

from __future__ import annotations

import itertools
import random
import time
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tessera.processes.services import timeline_save
from tessera.proposals.models import Proposal
from tessera.proposals.statuses import ProposalStatus
from tessera.voting.models import (
    Ballot,
    BallotChoice,
    Participation,
    VoteSettings,
    random_id,
)

BATCH = 5000


class Command(BaseCommand):
    help = "Add a vote step with many ballots to the benchmark organisation (after seed_bench)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--ballots", type=int, default=500_000)
        parser.add_argument("--eligible", type=int, default=200)
        parser.add_argument("--organization", default="bench")
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rng = random.Random(options["seed"])
        with scopes_disabled():
            organization = Organization.objects.filter(slug=options["organization"]).first()
            if organization is None:
                raise CommandError("no benchmark organisation: run seed_bench first")
            process = Process.objects.get(organization=organization, slug="budget")
            step = self._vote_step(process)
            proposals = self._eligible(process, options["eligible"])
            rows = self._ballots(options["ballots"], proposals, rng)
            self.stdout.write(f"{len(rows)} ballots drawn; writing them")
            with transaction.atomic():
                Ballot.objects.filter(step=step).delete()
                Participation.objects.filter(step=step).delete()
                if connection.vendor == "postgresql":
                    self._copy(step, rows)
                else:
                    self._bulk(step, rows)
            self.stdout.write("ballots written; analysing the tables")
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE voting_participation")
                    cursor.execute("ANALYZE voting_ballot")
                    cursor.execute("ANALYZE voting_ballotchoice")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{len(rows)} ballots in vote step {step.pk} ({elapsed:.1f} s); vote page: "
            f"/processes/{process.slug}/steps/{step.pk}/vote/"
        )

    def _vote_step(self, process: Process) -> Step:
        now = timezone.now()
        steps = list(process.steps.all())
        collect = next(s for s in steps if s.kind == "collect")
        collect.starts_at, collect.ends_at = now - timedelta(days=40), now - timedelta(days=10)
        vote = next((s for s in steps if s.kind == "vote"), None) or Step(kind="vote", title="Vote")
        vote.starts_at, vote.ends_at = now - timedelta(days=5), now + timedelta(days=25)
        others = [s for s in steps if s not in (collect, vote)]
        timeline_save(process=process, saved=[collect, vote], deleted=others)
        VoteSettings.objects.update_or_create(
            step=vote,
            defaults={
                "organization_id": process.organization_id,
                "kind": "budget",
                "budget": 2_000_000,
                "min_choices": 1,
            },
        )
        return vote

    def _eligible(self, process: Process, count: int) -> list[tuple[int, int]]:
        proposals = Proposal.objects.filter(step__process=process).order_by("pk")
        chosen = list(proposals.values_list("pk", flat=True)[:count])
        proposals.filter(pk__in=chosen).update(status=ProposalStatus.ELIGIBLE)
        proposals.exclude(pk__in=chosen).filter(status=ProposalStatus.ELIGIBLE).update(
            status=ProposalStatus.PUBLISHED
        )
        return list(
            Proposal.objects.filter(pk__in=chosen)
            .values_list("pk", "estimated_cost")
            .order_by("pk")
        )

    def _ballots(
        self, count: int, proposals: list[tuple[int, int]], rng: random.Random
    ) -> list[list[int]]:
        if not proposals:
            raise CommandError("the benchmark process has no proposals")
        ids = [pk for pk, _cost in proposals]
        rng.shuffle(ids)
        weights = list(itertools.accumulate(1 / rank**1.1 for rank in range(1, len(ids) + 1)))
        rows = []
        for _ in range(count):
            # At most 6 proposals of at most 150 000 €: always within the 2 000 000 € envelope.
            picked = rng.choices(ids, cum_weights=weights, k=rng.randint(1, 6))
            rows.append(list(dict.fromkeys(picked)))
        return rows

    def _copy(self, step: Step, rows: list[list[int]]) -> None:
        now = timezone.now()
        organization_id = step.organization_id
        ids = [random_id() for _ in rows]
        with connection.cursor() as cursor:
            columns = "organization_id, step_id, channel, voted_at"
            with cursor.cursor.copy(f"COPY voting_participation ({columns}) FROM STDIN") as copy:
                for _row in rows:
                    copy.write_row((organization_id, step.pk, "online", now))
            columns = "id, organization_id, step_id, channel"
            with cursor.cursor.copy(f"COPY voting_ballot ({columns}) FROM STDIN") as copy:
                for ballot_id in ids:
                    copy.write_row((ballot_id, organization_id, step.pk, "online"))
            columns = "id, organization_id, ballot_id, proposal_id"
            with cursor.cursor.copy(f"COPY voting_ballotchoice ({columns}) FROM STDIN") as copy:
                for ballot_id, chosen in zip(ids, rows, strict=True):
                    for proposal_id in chosen:
                        copy.write_row((random_id(), organization_id, ballot_id, proposal_id))

    def _bulk(self, step: Step, rows: list[list[int]]) -> None:
        now = timezone.now()
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            Participation.objects.bulk_create(
                Participation(organization_id=step.organization_id, step=step, voted_at=now)
                for _ in chunk
            )
            ballots = Ballot.objects.bulk_create(
                Ballot(organization_id=step.organization_id, step=step) for _ in chunk
            )
            BallotChoice.objects.bulk_create(
                BallotChoice(organization_id=step.organization_id, ballot=ballot, proposal_id=pk)
                for ballot, chosen in zip(ballots, chunk, strict=True)
                for pk in chosen
            )
