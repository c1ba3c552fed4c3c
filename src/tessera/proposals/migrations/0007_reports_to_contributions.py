"""Reports of proposals become reports of their contributions (contributions.Report).

One statement each way, every column kept (reporter, reason, message, dates, who resolved
it); 0008 then drops proposals' own table. tests/contributions/test_report_migration.py
checks that counts and links are equal both ways.
"""

from django.db import migrations


def to_contributions(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO contributions_report (contribution_id, organization_id, reporter_id, reason,"
        " message, created_at, resolved_at, resolved_by_id)"
        " SELECT p.contribution_id, r.organization_id, r.reporter_id, r.reason, r.message,"
        " r.created_at, r.resolved_at, r.resolved_by_id FROM proposals_report r"
        " JOIN proposals_proposal p ON p.id = r.proposal_id"
    )


def from_contributions(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO proposals_report (proposal_id, organization_id, reporter_id, reason,"
        " message, created_at, resolved_at, resolved_by_id)"
        " SELECT p.id, r.organization_id, r.reporter_id, r.reason, r.message,"
        " r.created_at, r.resolved_at, r.resolved_by_id FROM contributions_report r"
        " JOIN proposals_proposal p ON p.contribution_id = r.contribution_id"
    )
    schema_editor.execute(
        "DELETE FROM contributions_report"
        " WHERE contribution_id IN (SELECT contribution_id FROM proposals_proposal)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0003_report_moderationsettings"),
        ("proposals", "0006_collect_limits"),
    ]

    operations = [migrations.RunPython(to_contributions, from_contributions)]
