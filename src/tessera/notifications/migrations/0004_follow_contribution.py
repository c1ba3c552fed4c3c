"""Follows point at a contribution instead of a proposal: the new key, empty for now.

The one-target check goes first: 0005 moves each proposal follow to its contribution and
0006 puts the check back on the new columns (each step in its own transaction, PostgreSQL).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0002_ban"),
        ("notifications", "0003_moderation_family"),
        ("proposals", "0005_proposal_contribution_required"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="follow", name="follow_one_target"),
        migrations.AddField(
            model_name="follow",
            name="contribution",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contributions.contribution",
                verbose_name="contribution",
            ),
        ),
    ]
