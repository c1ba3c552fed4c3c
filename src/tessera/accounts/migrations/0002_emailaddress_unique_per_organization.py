"""Let the same verified e-mail address exist on two organisations' sites.

allauth adds a global unique index on verified e-mail addresses. Tessera's accounts are unique
per organisation instead (accounts.User's `unique_email_per_organization`), and allauth's
lookups are scoped to the organisation (accounts.tenancy), so the global index goes.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunSQL(
            sql="DROP INDEX IF EXISTS unique_verified_email",
            reverse_sql=(
                "CREATE UNIQUE INDEX IF NOT EXISTS unique_verified_email "
                "ON account_emailaddress (email) WHERE verified"
            ),
        ),
    ]
