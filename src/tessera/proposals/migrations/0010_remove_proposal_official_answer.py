"""The proposal's official answer lives on its contribution since 0009."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("proposals", "0009_official_answers_to_contributions")]

    operations = [migrations.RemoveField(model_name="proposal", name="official_answer")]
