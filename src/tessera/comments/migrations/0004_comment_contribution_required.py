"""The comment's contribution is required; its own moderation columns go (moved in 0003)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_comments_to_contributions")]

    operations = [
        migrations.AlterField(
            model_name="comment",
            name="contribution",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="comment",
                to="contributions.contribution",
                verbose_name="contribution",
            ),
        ),
        migrations.RemoveField(model_name="comment", name="hidden"),
        migrations.RemoveField(model_name="comment", name="hidden_reason"),
        migrations.RemoveField(model_name="comment", name="hidden_automatically"),
        migrations.RemoveField(model_name="comment", name="hidden_at"),
        migrations.RemoveField(model_name="comment", name="hidden_by"),
    ]
