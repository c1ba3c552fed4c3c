"""The secret ballot, step 3 of 3: the ballot loses everything that named its voter (the
account, the codes, the paper flag now in `channel`, the times); one participation per voter
per step and scope is now the participations' constraint."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("voting", "0003_secret_ballot_data")]

    operations = [
        migrations.RemoveConstraint(model_name="ballot", name="one_district_ballot_per_voter"),
        migrations.RemoveConstraint(model_name="ballot", name="one_process_ballot_per_voter"),
        migrations.RemoveField(model_name="ballot", name="census_code"),
        migrations.RemoveField(model_name="ballot", name="is_paper"),
        migrations.RemoveField(model_name="ballot", name="submitted_at"),
        migrations.RemoveField(model_name="ballot", name="updated_at"),
        migrations.RemoveField(model_name="ballot", name="voter"),
        migrations.RemoveField(model_name="ballot", name="voting_code"),
    ]
