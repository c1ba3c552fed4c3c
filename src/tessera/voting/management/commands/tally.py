"""Count a pabulib file with one of our rules.

    manage.py tally FILE.pb --rule greedy|greedy-no-skip|equal-shares|equal-shares-plain|ranked
                    [--threshold N]

Prints the selected project ids, one per line, in selection order, then the total cost on the
last line. The threshold (minimum score to be funded) defaults to the file's META
min_project_score_threshold when it has one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tessera.voting import tally


class Command(BaseCommand):
    help = "Count a pabulib .pb file and print the winners, then their total cost."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--rule", required=True, choices=sorted(tally.RULES))
        parser.add_argument("--threshold", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            pabulib_file = tally.read_pabulib(options["file"])
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read {options['file']}: {error}") from error
        threshold = options["threshold"]
        if threshold is None:
            threshold = pabulib_file.threshold
        try:
            outcome = tally.tally(pabulib_file.instance, options["rule"], threshold)
        except ValueError as error:
            raise CommandError(str(error)) from error
        for project_id in outcome.selected:
            self.stdout.write(project_id)
        self.stdout.write(str(outcome.total_cost))
