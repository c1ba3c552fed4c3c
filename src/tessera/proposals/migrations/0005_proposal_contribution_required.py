"""The proposal's contribution is required; its own moderation columns and supports go.

The data moved in 0004 (see there); this is apart so that each runs in its own transaction.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0004_proposals_to_contributions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="proposal",
            name="contribution",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="proposal",
                to="contributions.contribution",
                verbose_name="contribution",
            ),
        ),
        migrations.RemoveIndex(model_name="proposal", name="proposals_p_step_id_68f2fe_idx"),
        migrations.RemoveIndex(model_name="proposal", name="proposals_p_step_id_3ba06e_idx"),
        migrations.RemoveField(model_name="proposal", name="comments_count"),
        migrations.RemoveField(model_name="proposal", name="hidden"),
        migrations.RemoveField(model_name="proposal", name="hidden_reason"),
        migrations.RemoveField(model_name="proposal", name="supports_count"),
        migrations.RemoveConstraint(model_name="support", name="one_support_per_user"),
        migrations.DeleteModel(name="Support"),
    ]
