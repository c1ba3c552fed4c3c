"""Reports of comments and the moderation settings move to the contributions app.

Each CommentReport becomes a contributions.Report of the comment's contribution (every column
kept); the organisation's threshold is copied to contributions.ModerationSettings. 0006 then
drops comments' own tables. tests/contributions/test_report_migration.py checks that counts
and links are equal both ways.
"""

from django.db import migrations


def to_contributions(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO contributions_report (contribution_id, organization_id, reporter_id, reason,"
        " message, created_at, resolved_at, resolved_by_id)"
        " SELECT c.contribution_id, r.organization_id, r.reporter_id, r.reason, r.message,"
        " r.created_at, r.resolved_at, r.resolved_by_id FROM comments_commentreport r"
        " JOIN comments_comment c ON c.id = r.comment_id"
    )
    schema_editor.execute(
        "INSERT INTO contributions_moderationsettings (organization_id, reports_threshold)"
        " SELECT organization_id, reports_threshold FROM comments_moderationsettings"
    )


def from_contributions(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO comments_commentreport (comment_id, organization_id, reporter_id, reason,"
        " message, created_at, resolved_at, resolved_by_id)"
        " SELECT c.id, r.organization_id, r.reporter_id, r.reason, r.message,"
        " r.created_at, r.resolved_at, r.resolved_by_id FROM contributions_report r"
        " JOIN comments_comment c ON c.contribution_id = r.contribution_id"
    )
    schema_editor.execute(
        "DELETE FROM contributions_report"
        " WHERE contribution_id IN (SELECT contribution_id FROM comments_comment)"
    )
    schema_editor.execute(
        "INSERT INTO comments_moderationsettings (organization_id, reports_threshold)"
        " SELECT organization_id, reports_threshold FROM contributions_moderationsettings"
    )
    schema_editor.execute("DELETE FROM contributions_moderationsettings")


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0004_comment_contribution_required"),
        ("contributions", "0003_report_moderationsettings"),
    ]

    operations = [migrations.RunPython(to_contributions, from_contributions)]
