"""`manage.py export_schema tessera.api.schema --path schema.graphql` (docs/api.md).

strawberry_django is not an installed app: importing it (and GraphQL) cost every management
command and app server about two seconds at start. Its command is loaded here, only when run.
"""

from strawberry_django.management.commands.export_schema import Command

__all__ = ["Command"]
