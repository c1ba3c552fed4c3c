"""Each proposal will own a contributions.Contribution: the key, empty for now (0004 fills it)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0001_initial"),
        ("proposals", "0002_search_vector_gin_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="contribution",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="proposal",
                to="contributions.contribution",
                verbose_name="contribution",
            ),
        ),
    ]
