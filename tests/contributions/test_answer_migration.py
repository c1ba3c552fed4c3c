"""The move of proposals' official answers onto their contributions (proposals 0009-0010).

Every proposal with an answer gets one contributions.Answer with the same text, a state read
from its status, who gave it and when (its latest status change with that answer); migrating
back restores the same texts (and drops the answers' table).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tessera.accounts.models import User
from tessera.proposals.models import Proposal
from tests.migrations import executor, migrate
from tests.proposals.factories import ProposalFactory

__all__ = ["executor"]  # the fixture

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("proposals", "0008_delete_report"), ("contributions", "0003_report_moderationsettings")]
AFTER = [("proposals", "0010_remove_proposal_official_answer")]
STATUSES = ["published", "under_analysis", "eligible", "ineligible", "winner", "withdrawn"]


def test_official_answers_move_onto_contributions_and_back(
    executor: MigrationExecutor, proposal: Proposal, manager: User
) -> None:
    proposals = [proposal, *(ProposalFactory(step=proposal.step) for _ in STATUSES[1:])]
    apps = migrate(executor, BEFORE)
    Proposal_ = apps.get_model("proposals", "Proposal")
    StatusChange = apps.get_model("proposals", "ProposalStatusChange")
    when = timezone.now() - timedelta(days=2)
    for number, (item, status) in enumerate(zip(proposals, STATUSES, strict=True)):
        answer = "" if number == 0 else f"Réponse {number}"
        Proposal_.objects.filter(pk=item.pk).update(status=status, official_answer=answer)
        if number % 2:  # the others were answered without a recorded change (older data)
            for offset, text in ((0, "Ancienne réponse"), (1, answer)):
                change = StatusChange.objects.create(
                    organization_id=item.organization_id, proposal_id=item.pk,
                    to_status=status, changed_by_id=manager.pk, public_answer=text,
                )  # fmt: skip
                StatusChange.objects.filter(pk=change.pk).update(
                    created_at=when + timedelta(hours=offset)
                )
    before = set(Proposal_.objects.values_list("pk", "official_answer"))

    apps = migrate(executor, AFTER)
    Answer = apps.get_model("contributions", "Answer")
    got = {
        (row["contribution__proposal__pk"], row["text"]): row
        for row in Answer.objects.values(
            "contribution__proposal__pk", "text", "state", "answered_by_id", "answered_at"
        )
    }
    assert set(got) == {(pk, text) for pk, text in before if text}
    states = {pk: row["state"] for (pk, _text), row in got.items()}
    assert [states.get(item.pk) for item in proposals] == [
        None, "under_review", "accepted", "rejected", "accepted", "answered",
    ]  # fmt: skip
    answered_by_change = got[(proposals[1].pk, "Réponse 1")]
    assert answered_by_change["answered_by_id"] == manager.pk
    assert answered_by_change["answered_at"] == when + timedelta(hours=1)
    assert got[(proposals[2].pk, "Réponse 2")]["answered_by_id"] is None

    apps = migrate(executor, BEFORE)
    assert set(apps.get_model("proposals", "Proposal").objects.values_list(
        "pk", "official_answer"
    )) == before  # fmt: skip
