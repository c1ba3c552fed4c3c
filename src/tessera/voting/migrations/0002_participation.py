"""The secret ballot, step 1 of 3 (docs/decisions/0006-secret-ballot.md): add what the new
layout needs beside the old one. Participations, the ballot's channel and reference, random
ids; `submitted_at` becomes nullable so that step 3 can drop it and its reverse can add it
back before step 2's reverse fills it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import tessera.voting.models

CHANNELS = [("online", "online"), ("code", "voting code"), ("paper", "paper")]


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_initial"),
        ("processes", "0001_initial"),
        ("voting", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Participation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=CHANNELS, default="online", max_length=10, verbose_name="channel"
                    ),
                ),
                ("voted_at", models.DateTimeField(verbose_name="voted at")),
                (
                    "census_code",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="participation",
                        to="voting.censuscode",
                    ),
                ),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty: the process-wide ballot.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organizations.district",
                        verbose_name="district",
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
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participations",
                        to="processes.step",
                        verbose_name="step",
                    ),
                ),
                (
                    "voter",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="participations",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="voter",
                    ),
                ),
                (
                    "voting_code",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="participation",
                        to="voting.votingcode",
                    ),
                ),
            ],
            options={
                "verbose_name": "participation",
                "verbose_name_plural": "participations",
                "indexes": [
                    models.Index(fields=["step", "district"], name="voting_part_step_id_e80e0a_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        models.F("voter"),
                        models.F("step"),
                        models.F("district"),
                        condition=models.Q(("district__isnull", False), ("voter__isnull", False)),
                        name="one_district_participation_per_voter",
                    ),
                    models.UniqueConstraint(
                        models.F("voter"),
                        models.F("step"),
                        condition=models.Q(("district__isnull", True), ("voter__isnull", False)),
                        name="one_process_participation_per_voter",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="ballot",
            name="channel",
            field=models.CharField(
                choices=CHANNELS, default="online", max_length=10, verbose_name="channel"
            ),
        ),
        migrations.AddField(
            model_name="ballot",
            name="reference",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AddConstraint(
            model_name="ballot",
            constraint=models.UniqueConstraint(
                models.F("reference"), name="unique_ballot_reference"
            ),
        ),
        migrations.AlterField(
            model_name="ballot",
            name="submitted_at",
            field=models.DateTimeField(null=True, verbose_name="submitted at"),
        ),
        migrations.AlterField(
            model_name="ballot",
            name="id",
            field=models.BigIntegerField(
                default=tessera.voting.models.random_id,
                editable=False,
                primary_key=True,
                serialize=False,
            ),
        ),
        migrations.AlterField(
            model_name="ballotchoice",
            name="id",
            field=models.BigIntegerField(
                default=tessera.voting.models.random_id,
                editable=False,
                primary_key=True,
                serialize=False,
            ),
        ),
    ]
