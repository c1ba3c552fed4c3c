"""comments' own reports and moderation settings are gone: contributions holds them (0005)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("comments", "0005_reports_to_contributions")]

    operations = [
        migrations.RemoveConstraint(
            model_name="commentreport", name="one_comment_report_per_reporter"
        ),
        migrations.RemoveConstraint(
            model_name="moderationsettings", name="one_moderation_settings_per_org"
        ),
        migrations.DeleteModel(name="CommentReport"),
        migrations.DeleteModel(name="ModerationSettings"),
    ]
