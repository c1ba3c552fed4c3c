"""The comment's target is required; `proposal` goes (moved in 0007)."""

from django.db import migrations, models

import tessera.comments.models


class Migration(migrations.Migration):
    dependencies = [("comments", "0007_comment_target")]

    operations = [
        migrations.RemoveIndex(model_name="comment", name="comment_thread_idx"),
        migrations.AlterField(
            model_name="comment",
            name="target",
            field=models.ForeignKey(
                on_delete=tessera.comments.models.cascade_with_own_contributions,
                related_name="comments",
                to="contributions.contribution",
                verbose_name="commented contribution",
            ),
        ),
        migrations.AlterField(
            model_name="comment",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=tessera.comments.models.cascade_with_own_contributions,
                related_name="replies",
                to="comments.comment",
                verbose_name="in reply to",
            ),
        ),
        migrations.RemoveField(model_name="comment", name="proposal"),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["target", "parent", "-created_at"], name="comment_thread_idx"
            ),
        ),
    ]
