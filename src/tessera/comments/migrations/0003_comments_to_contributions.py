"""Each comment and reply owns a contributions.Contribution of kind "comment".

Forward: one contribution per comment, on its proposal's step, with its author, dates and
moderation state (hidden with its public reason, by whom, when; a placeholder deleted by its
author is withdrawn); 0004 then drops the comment's own moderation columns (apart:
PostgreSQL alters no table with rows written in the same transaction). Backward puts the
moderation columns back from the contributions and deletes them.
tests/comments/test_migration.py checks that counts and links are equal both ways.
"""

from django.db import migrations

BATCH = 2000
KIND = "comment"


def _state(comment):
    if comment.hidden:
        return "hidden"
    if comment.deleted:
        return "withdrawn"
    return "published"


def to_contributions(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    Contribution = apps.get_model("contributions", "Contribution")
    comments = Comment.objects.select_related("proposal").order_by("pk")
    last = 0
    while batch := list(comments.filter(pk__gt=last)[:BATCH]):
        contributions = Contribution.objects.bulk_create(
            Contribution(
                organization_id=comment.organization_id,
                step_id=comment.proposal.step_id,
                kind=KIND,
                author_id=comment.author_id,
                created_at=comment.created_at,
                edited_at=comment.edited_at,
                state=_state(comment),
                withdrawn_at=comment.created_at if comment.deleted else None,
                hidden_reason=comment.hidden_reason,
                hidden_automatically=comment.hidden_automatically,
                hidden_at=comment.hidden_at,
                hidden_by_id=comment.hidden_by_id,
            )
            for comment in batch
        )
        pairs = [
            (comment.pk, contribution.pk)
            for comment, contribution in zip(batch, contributions, strict=True)
        ]
        # One UPDATE … FROM (VALUES …) a batch: bulk_update's CASE over 2,000 ids is slower.
        rows = ", ".join(["(%s, %s)"] * len(pairs))
        schema_editor.execute(
            f"WITH pairs (comment, contribution) AS (VALUES {rows})"  # noqa: S608  placeholders only
            " UPDATE comments_comment SET contribution_id = pairs.contribution"
            " FROM pairs WHERE comments_comment.id = pairs.comment",
            [value for pair in pairs for value in pair],
        )
        last = batch[-1].pk


def from_contributions(apps, schema_editor):
    # One statement: each comment takes its moderation columns back from its contribution.
    schema_editor.execute(
        "UPDATE comments_comment SET hidden = (k.state = 'hidden'),"
        " hidden_reason = k.hidden_reason, hidden_automatically = k.hidden_automatically,"
        " hidden_at = k.hidden_at, hidden_by_id = k.hidden_by_id, contribution_id = NULL"
        " FROM contributions_contribution k WHERE k.id = comments_comment.contribution_id"
    )
    apps.get_model("contributions", "Contribution").objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [("comments", "0002_comment_contribution")]

    operations = [migrations.RunPython(to_contributions, from_contributions)]
