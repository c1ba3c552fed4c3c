"""Each proposal owns a contributions.Contribution; supports become its reactions.

Forward: one contribution per proposal (its author, step, dates, moderation state, counters
as they were), each support a "positive" reaction with its date; 0005 then drops the
proposal's own columns and the supports table (apart: PostgreSQL alters no table with rows
written in the same transaction). Backward puts everything back from the contributions.
tests/contributions/test_migration.py checks that counts and links are equal both ways.
"""

from django.conf import settings
from django.db import migrations

BATCH = 2000
KIND = "proposal"


def _state(proposal):
    if proposal.hidden:
        return "hidden"
    if proposal.status == "withdrawn":
        return "withdrawn"
    return "published"


def to_contributions(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    Contribution = apps.get_model("contributions", "Contribution")
    proposals = list(Proposal.objects.order_by("pk"))
    for start in range(0, len(proposals), BATCH):
        batch = proposals[start : start + BATCH]
        contributions = Contribution.objects.bulk_create(
            Contribution(
                organization_id=proposal.organization_id,
                step_id=proposal.step_id,
                kind=KIND,
                author_id=proposal.author_id,
                created_at=proposal.created_at,
                state=_state(proposal),
                withdrawn_at=proposal.updated_at if proposal.status == "withdrawn" else None,
                hidden_reason=proposal.hidden_reason,
                hidden_at=proposal.updated_at if proposal.hidden else None,
                positive_count=proposal.supports_count,
                comments_count=proposal.comments_count,
            )
            for proposal in batch
        )
        for proposal, contribution in zip(batch, contributions, strict=True):
            proposal.contribution_id = contribution.pk
        Proposal.objects.bulk_update(batch, ["contribution"], batch_size=BATCH)
    # One statement for every support, its date kept.
    schema_editor.execute(
        "INSERT INTO contributions_reaction (organization_id, contribution_id, user_id, value,"
        " created_at) SELECT s.organization_id, p.contribution_id, s.user_id, 'positive',"
        " s.created_at FROM proposals_support s"
        " JOIN proposals_proposal p ON p.id = s.proposal_id"
    )


def from_contributions(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    Contribution = apps.get_model("contributions", "Contribution")
    proposals = list(Proposal.objects.select_related("contribution").order_by("pk"))
    for proposal in proposals:
        contribution = proposal.contribution
        proposal.hidden = contribution.state == "hidden"
        proposal.hidden_reason = contribution.hidden_reason
        proposal.supports_count = contribution.positive_count
        proposal.comments_count = contribution.comments_count
    Proposal.objects.bulk_update(
        proposals,
        ["hidden", "hidden_reason", "supports_count", "comments_count"],
        batch_size=BATCH,
    )
    schema_editor.execute(
        "INSERT INTO proposals_support (organization_id, proposal_id, user_id, created_at)"
        " SELECT r.organization_id, p.id, r.user_id, r.created_at"
        " FROM contributions_reaction r"
        " JOIN proposals_proposal p ON p.contribution_id = r.contribution_id"
        " WHERE r.value = 'positive'"
    )
    Proposal.objects.update(contribution=None)
    Contribution.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    # Each step of the move in its own transaction: PostgreSQL alters no table that has rows
    # written earlier in the same transaction (deferred foreign-key checks are pending).
    dependencies = [
        ("proposals", "0003_proposal_contribution"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(to_contributions, from_contributions)]
