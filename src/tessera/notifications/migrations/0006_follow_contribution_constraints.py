"""Follows keep one target each, now a process, a contribution or a realisation."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("notifications", "0005_follows_to_contributions")]

    operations = [
        migrations.RemoveConstraint(model_name="follow", name="unique_follow_proposal"),
        migrations.RemoveIndex(model_name="follow", name="follow_proposal_idx"),
        migrations.RemoveField(model_name="follow", name="proposal"),
        migrations.AddIndex(
            model_name="follow",
            index=models.Index(
                fields=["contribution", "following"], name="follow_contribution_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="follow",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("contribution__isnull", True),
                        ("process__isnull", False),
                        ("realisation__isnull", True),
                    ),
                    models.Q(
                        ("contribution__isnull", False),
                        ("process__isnull", True),
                        ("realisation__isnull", True),
                    ),
                    models.Q(
                        ("contribution__isnull", True),
                        ("process__isnull", True),
                        ("realisation__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="follow_one_target",
            ),
        ),
        migrations.AddConstraint(
            model_name="follow",
            constraint=models.UniqueConstraint(
                models.F("user"),
                models.F("contribution"),
                condition=models.Q(("contribution__isnull", False)),
                name="unique_follow_contribution",
            ),
        ),
    ]
