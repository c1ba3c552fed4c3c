"""Each follow of a proposal becomes a follow of its contribution (and back)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def to_contributions(apps, schema_editor):
    Follow = apps.get_model("notifications", "Follow")
    Proposal = apps.get_model("proposals", "Proposal")
    Follow.objects.filter(proposal__isnull=False).update(
        contribution=Subquery(
            Proposal.objects.filter(pk=OuterRef("proposal_id")).values("contribution_id")[:1]
        ),
        proposal=None,
    )


def to_proposals(apps, schema_editor):
    Follow = apps.get_model("notifications", "Follow")
    Proposal = apps.get_model("proposals", "Proposal")
    Follow.objects.filter(contribution__isnull=False).update(
        proposal=Subquery(
            Proposal.objects.filter(contribution_id=OuterRef("contribution_id")).values("pk")[:1]
        ),
        contribution=None,
    )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_follow_contribution")]

    operations = [migrations.RunPython(to_contributions, to_proposals)]
