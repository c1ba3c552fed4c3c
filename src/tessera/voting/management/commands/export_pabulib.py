"""Write a vote step's anonymised ballots as a pabulib file.

manage.py export_pabulib STEP_ID [--district SLUG] [--output FILE]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scope, scopes_disabled

from tessera.processes.models import Step
from tessera.voting import tally
from tessera.voting.services_results import pabulib_for


class Command(BaseCommand):
    help = "Write a vote step's anonymised ballots as a pabulib .pb file (stdout by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("step_id", type=int)
        parser.add_argument("--district", default="", help="the district ballot's slug")
        parser.add_argument("--output", "-o", default="")

    def handle(self, *args: Any, **options: Any) -> None:
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
                from tessera.organizations.models import District

                district = District.objects.filter(slug=options["district"]).first()
                if district is None:
                    raise CommandError(f"no district {options['district']!r}")
            text = tally.format_pabulib(pabulib_for(step, district))
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
