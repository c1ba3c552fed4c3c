"""The GIN index of the full-text search vector, on PostgreSQL only.

It is not declared in Proposal.Meta.indexes because SQLite (the zero-configuration default)
knows neither GIN nor tsvector; there the search falls back on icontains.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS proposals_search_vector_gin "
            "ON proposals_proposal USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS proposals_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
