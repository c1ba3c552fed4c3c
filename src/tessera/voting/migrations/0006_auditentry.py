"""The audit trail of staff actions on vote steps (paper ballots, station totals, codes)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_initial"),
        ("processes", "0001_initial"),
        ("voting", "0005_census_code_per_voter"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="when"),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("paper_ballot", "paper ballot entered"),
                            ("station_totals", "polling station totals saved"),
                            ("voting_codes", "voting codes generated"),
                            ("census_codes", "census codes imported"),
                        ],
                        max_length=30,
                        verbose_name="what",
                    ),
                ),
                ("details", models.JSONField(blank=True, default=dict, verbose_name="details")),
                (
                    "actor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="who",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "step",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="processes.step",
                        verbose_name="step",
                    ),
                ),
            ],
            options={
                "verbose_name": "staff action",
                "verbose_name_plural": "staff actions",
                "ordering": ["-at", "-pk"],
                "indexes": [models.Index(fields=["step", "-at"], name="audit_entry_step_at")],
            },
        ),
    ]
