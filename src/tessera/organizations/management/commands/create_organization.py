from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError
from django.utils.text import slugify

from tessera.organizations.services import organization_create


class Command(BaseCommand):
    help = "Create an organisation answering on one or more host names (the first is primary)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Display name, e.g. 'Ville de Montreuil'")
        parser.add_argument("--slug", help="Stable identifier (default: from the name)")
        parser.add_argument(
            "--host",
            action="append",
            required=True,
            dest="hosts",
            help="A host name it answers on; repeat for aliases",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["slug"] or slugify(options["name"])
        try:
            organization = organization_create(
                name=options["name"], slug=slug, hosts=options["hosts"]
            )
        except IntegrityError as error:
            raise CommandError(f"Slug or host already taken: {error}") from error
        self.stdout.write(
            f"Created organisation {organization.name} ({organization.slug}) on "
            + ", ".join(options["hosts"])
        )
