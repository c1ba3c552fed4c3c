"""Write a vote step's anonymised ballots as a pabulib file.

manage.py export_pabulib STEP_ID [--district SLUG] [--output FILE]

Once the results are published, this is the open-data file stored at publication (the one the
results page offers); before, the ballots are counted now (no `selected` column). Either way
the file is standard pabulib: the ballots only, station totals stated in META `comment`.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scope, scopes_disabled

from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.voting import tally
from tessera.voting.selectors import ballot_scopes, results_for_step
from tessera.voting.services.open_data import open_data_of, pabulib_for


class Command(BaseCommand):
    help = "Write a vote step's anonymised ballots as a pabulib .pb file (stdout by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("step_id", type=int)
        parser.add_argument("--district", default="", help="the district ballot's slug")
        parser.add_argument("--output", "-o", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        with scopes_disabled():
            step = (
                Step.objects.select_related("organization", "process")
                .filter(pk=options["step_id"], kind="vote")
                .first()
            )
        if step is None:
            raise CommandError(f"no vote step {options['step_id']}")
        with scope(organization=step.organization):
            district = None
            if options["district"]:
                district = District.objects.filter(slug=options["district"]).first()
                if district is None:
                    raise CommandError(f"no district {options['district']!r}")
            text = self._text(step, district)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            elapsed = time.monotonic() - started
            self.stderr.write(f"{options['output']} written in {elapsed:.1f} s")
        else:
            self.stdout.write(text, ending="")

    def _text(self, step: Step, district: District | None) -> str:
        if district not in ballot_scopes(step):
            raise CommandError("this step has no such ballot")
        results = results_for_step(step)
        stored = open_data_of(step, results, district) if results is not None else None
        if stored is not None:
            with default_storage.open(stored["name"], "rb") as handle:
                return bytes(handle.read()).decode("utf-8")
        if results is not None:
            raise CommandError("the file is being written by another process: try again")
        return tally.format_pabulib(pabulib_for(step, district), one_row_per_voter=True)
