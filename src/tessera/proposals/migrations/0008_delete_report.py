"""proposals' own reports are gone: they live in contributions.Report since 0007."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("proposals", "0007_reports_to_contributions")]

    operations = [
        migrations.RemoveConstraint(model_name="report", name="one_report_per_reporter"),
        migrations.DeleteModel(name="Report"),
    ]
