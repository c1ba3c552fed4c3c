"""Proposals announce submissions and status changes once committed, for the apps above."""

from __future__ import annotations

from typing import Any

import pytest

from tessera.accounts.models import User
from tessera.organizations.models import Theme
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_status_change, proposal_submit
from tessera.proposals.signals import proposal_status_changed, proposal_submitted

pytestmark = pytest.mark.django_db(transaction=False)


def test_a_submission_is_announced_only_after_commit(
    step: Step, author: User, theme: Theme, heard: Any, django_capture_on_commit_callbacks: Any
) -> None:
    calls = heard(proposal_submitted)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_submit(
            author=author, step=step, title="Un titre assez long", description="x", theme=theme
        )
        assert calls == []
    assert [call["proposal"] for call in calls] == [proposal]


def test_every_status_change_is_announced_with_its_answer(
    proposal: Proposal, manager: User, heard: Any, django_capture_on_commit_callbacks: Any
) -> None:
    calls = heard(proposal_status_changed)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_status_change(proposal=proposal, to_status="under_analysis", changed_by=manager)
        proposal_status_change(
            proposal=proposal, to_status="eligible", changed_by=manager, public_answer=" Oui. "
        )
    assert [(c["change"].to_status, c["change"].public_answer) for c in calls] == [
        ("under_analysis", ""),
        ("eligible", "Oui."),
    ]
