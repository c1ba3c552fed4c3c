"""Each comment will own a contributions.Contribution: the key, empty for now (0003 fills it)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("contributions", "0002_ban"),
        ("proposals", "0005_proposal_contribution_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="contribution",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="comment",
                to="contributions.contribution",
                verbose_name="contribution",
            ),
        ),
    ]
