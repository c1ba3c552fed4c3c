"""A census code stands for one person per step, not one ballot: its holder votes with it in
each scope of the step (the city-wide ballot and their district's). The participation's link
to its code becomes a foreign key; one participation per code and scope is now the database's
constraint (online and on paper alike).

Backwards, a code may again be linked to one participation only: the earliest keeps it, the
later ones (the same person's other scopes) lose the link.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def keep_the_first_participation_per_code(apps: Any, schema_editor: Any) -> None:
    Participation = apps.get_model("voting", "Participation")
    rows = (
        Participation.objects.filter(census_code__isnull=False)
        .order_by("census_code_id", "voted_at", "pk")
        .values_list("pk", "census_code_id")
    )
    seen: set[int] = set()
    later: list[int] = []
    for pk, code_id in rows.iterator():
        if code_id in seen:
            later.append(pk)
        seen.add(code_id)
    for start in range(0, len(later), 1000):
        Participation.objects.filter(pk__in=later[start : start + 1000]).update(census_code=None)


class Migration(migrations.Migration):
    dependencies = [("voting", "0004_ballot_without_voter")]

    operations = [
        migrations.AlterField(
            model_name="participation",
            name="census_code",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="participations",
                to="voting.censuscode",
            ),
        ),
        migrations.AlterField(
            model_name="votesettings",
            name="census_required",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Each code stands for one person: one ballot per scope of the step, "
                    "online or on paper."
                ),
                verbose_name="a census or invitation code is required",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.UniqueConstraint(
                models.F("census_code"),
                models.F("district"),
                condition=models.Q(("census_code__isnull", False), ("district__isnull", False)),
                name="one_district_participation_per_census_code",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.UniqueConstraint(
                models.F("census_code"),
                condition=models.Q(("census_code__isnull", False), ("district__isnull", True)),
                name="one_process_participation_per_census_code",
            ),
        ),
        # Last, so that it runs first backwards, before the one-to-one comes back.
        migrations.RunPython(migrations.RunPython.noop, keep_the_first_participation_per_code),
    ]
