"""Load a pabulib file's ballots into a vote step (demo and tests).

    manage.py import_pabulib FILE.pb STEP_ID

The file's projects are the step's proposals, by id, or else matched in order to the
eligible proposals of the step's process. Ballots are created anonymous (no account).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scope, scopes_disabled

from tessera.processes.models import Step
from tessera.voting import tally
from tessera.voting.services_results import pabulib_import


class Command(BaseCommand):
    help = "Import a pabulib .pb file's ballots into a vote step."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("step_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            pabulib_file = tally.read_pabulib(options["file"])
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read {options['file']}: {error}") from error
        with scopes_disabled():
            step = (
                Step.objects.select_related("organization", "process")
                .filter(pk=options["step_id"], kind="vote")
                .first()
            )
        if step is None:
            raise CommandError(f"no vote step {options['step_id']}")
        with scope(organization=step.organization):
            try:
                count = pabulib_import(pabulib_file=pabulib_file, step=step)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{count} ballots imported")
