"""A comment points at the contribution it is about (`target`), not at a proposal.

Forward: each comment and reply takes its proposal's contribution as target (one UPDATE);
0008 then makes it required and drops `proposal` (apart: PostgreSQL alters no table with
rows written in the same transaction). The counters (`comments_count`) already live on that
contribution, the reports and the hidden state on the comment's own: nothing else moves.
Backward puts the proposal back from the target; it refuses to run while a comment is about
something other than a proposal (that comment could not be kept).
tests/comments/test_target_migration.py checks that counts and links are equal both ways.
"""

import django.db.models.deletion
from django.db import migrations, models

import tessera.comments.models


def to_targets(apps, schema_editor):
    schema_editor.execute(
        "UPDATE comments_comment SET target_id = p.contribution_id"
        " FROM proposals_proposal p WHERE p.id = comments_comment.proposal_id"
    )


def to_proposals(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    others = Comment.objects.exclude(target__kind="proposal").count()
    if others:
        raise RuntimeError(
            f"{others} comments are about contributions that are not proposals: delete them "
            "before migrating back (the old schema has no place for them)."
        )
    schema_editor.execute(
        "UPDATE comments_comment SET proposal_id = p.id"
        " FROM proposals_proposal p WHERE p.contribution_id = comments_comment.target_id"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0006_delete_reports_and_settings"),
        ("contributions", "0004_answer"),
        ("proposals", "0010_remove_proposal_official_answer"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="target",
            field=models.ForeignKey(
                null=True,
                on_delete=tessera.comments.models.cascade_with_own_contributions,
                related_name="comments",
                to="contributions.contribution",
                verbose_name="commented contribution",
            ),
        ),
        migrations.AlterField(
            model_name="comment",
            name="proposal",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="comments",
                to="proposals.proposal",
                verbose_name="proposal",
            ),
        ),
        migrations.RunPython(to_targets, to_proposals),
    ]
