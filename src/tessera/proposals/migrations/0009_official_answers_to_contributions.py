"""A proposal's official answer becomes the official answer of its contribution.

Forward: one contributions.Answer per proposal with an answer: its text, a state read from
the proposal's status (the same table as proposals.statuses.answer_state, frozen here), who
gave it and when (the latest status change that carried that text, else the proposal's last
update); 0010 then drops the proposal's column. Backward puts the text back and deletes the
answers of proposals. tests/contributions/test_answer_migration.py checks both ways.
"""

from django.db import migrations

ACCEPTED = {"eligible", "winner", "in_progress", "done"}
REJECTED = {"ineligible", "not_selected", "abandoned"}


def _state(status):
    if status in ACCEPTED:
        return "accepted"
    if status in REJECTED:
        return "rejected"
    if status == "under_analysis":
        return "under_review"
    return "answered"


def to_contributions(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    StatusChange = apps.get_model("proposals", "ProposalStatusChange")
    Answer = apps.get_model("contributions", "Answer")
    answered = list(Proposal.objects.exclude(official_answer="").order_by("pk"))
    latest = {}
    for change in StatusChange.objects.filter(proposal__in=answered).exclude(public_answer=""):
        known = latest.get(change.proposal_id)
        if known is None or (change.created_at, change.pk) > (known.created_at, known.pk):
            latest[change.proposal_id] = change
    answers = []
    for proposal in answered:
        change = latest.get(proposal.pk)
        answers.append(
            Answer(
                organization_id=proposal.organization_id,
                contribution_id=proposal.contribution_id,
                state=_state(proposal.status),
                text=proposal.official_answer,
                answered_by_id=change.changed_by_id if change else None,
                answered_at=change.created_at if change else proposal.updated_at,
            )
        )
    Answer.objects.bulk_create(answers, batch_size=2000)


def from_contributions(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    Answer = apps.get_model("contributions", "Answer")
    answers = Answer.objects.filter(contribution__kind="proposal")
    texts = dict(answers.values_list("contribution_id", "text"))
    proposals = list(Proposal.objects.filter(contribution_id__in=list(texts)))
    for proposal in proposals:
        proposal.official_answer = texts[proposal.contribution_id]
    Proposal.objects.bulk_update(proposals, ["official_answer"], batch_size=2000)
    answers.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0004_answer"),
        ("proposals", "0008_delete_report"),
    ]

    operations = [migrations.RunPython(to_contributions, from_contributions)]
