"""Load a pabulib file's ballots into a vote step (demo, tests, research).

    manage.py import_pabulib FILE.pb STEP_ID [--district ID_OR_SLUG] [--no-validate]

The ballots go into one ballot of the step: --district (a district's id or slug), else the
district the file's META `district` (or `subunit`) names, else the process-wide ballot; a
step without that ballot (a district-only step and no district) is refused. The file's
projects are that ballot's proposals, by id, or else matched in order to them. Each ballot
is checked with the step's rules and refused if it breaks one; --no-validate imports every
ballot as it is (a research file whose rules differ). Ballots are created anonymous.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scope, scopes_disabled

from tessera.processes.models import Step
from tessera.voting import tally
from tessera.voting.services.imports import ImportReport, pabulib_import, pabulib_import_scope


class Command(BaseCommand):
    help = "Import a pabulib .pb file's ballots into a vote step."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("step_id", type=int)
        parser.add_argument("--district", default="", help="the district ballot: id or slug")
        parser.add_argument(
            "--no-validate",
            action="store_true",
            help="import every ballot as it is, without the step's rules",
        )

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
                district = pabulib_import_scope(step, options["district"], pabulib_file.meta)
                report = pabulib_import(
                    pabulib_file=pabulib_file,
                    step=step,
                    district=district,
                    validate=not options["no_validate"],
                    progress=self.stdout.write,
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        where = district.name if district is not None else "the process-wide ballot"
        self.stdout.write(_summary(report, where))


def _summary(report: ImportReport, where: str) -> str:
    line = f"{report.imported} ballots imported into {where}"
    if report.refused:
        reasons = ", ".join(f"{code}: {n}" for code, n in sorted(report.reasons.items()))
        line += f"; {report.refused} refused by the step's rules ({reasons})"
    return line
