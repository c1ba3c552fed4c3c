"""Comments announce each new comment or reply once committed, for the apps above."""

from __future__ import annotations

from typing import Any

import pytest

from tessera.accounts.models import User
from tessera.comments.services import comment_create, comment_reply
from tessera.comments.signals import comment_posted
from tessera.proposals.models import Proposal

pytestmark = pytest.mark.django_db(transaction=False)


def test_a_comment_and_its_reply_are_announced_after_commit(
    proposal: Proposal, resident: User, heard: Any, django_capture_on_commit_callbacks: Any
) -> None:
    calls = heard(comment_posted)
    with django_capture_on_commit_callbacks(execute=True):
        top = comment_create(target=proposal.contribution, author=resident, body="Oui")
        reply = comment_reply(parent=top, author=resident, body="Et des arbres.")
        assert calls == []
    assert [(c["comment"], c["comment"].parent) for c in calls] == [(top, None), (reply, top)]
