"""Twenty simultaneous submissions of one person's reply (double clicks, two devices) make
exactly one reply where the step takes one per person: real HTTP requests, PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from tessera.accounts.models import User
from tessera.forms.models import Reply
from tessera.processes.models import Process
from tessera.questionnaires.models import Participation, PendingReply
from tests.questionnaires.conftest import answers, questionnaire_in
from tests.questionnaires.live import post_together, prepared

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL (CI runs it): SQLite serialises writes",
    ),
]
SUBMISSIONS = 20


@pytest.mark.parametrize("anonymous", [False, True])
def test_twenty_simultaneous_replies_of_one_person_make_one(
    live_server: Any, resident: User, process: Process, anonymous: bool, settings: Any
) -> None:
    settings.REPLY_MIX_BATCH = 1000  # the anonymous reply stays sealed: count the store
    m = questionnaire_in(process, anonymous=anonymous, drafts=False)
    base = live_server.url.replace("127.0.0.1", "localhost")
    session, token = prepared(base, m, resident)
    jobs = [(session, token, answers(m))] * SUBMISSIONS
    statuses = post_together(base, m, jobs, threads=SUBMISSIONS)
    assert statuses == [302] * SUBMISSIONS
    assert Participation.objects.filter(step=m.step).count() == 1
    stored = PendingReply.objects if anonymous else Reply.objects
    assert (
        stored.filter(step=m.step).count() == 1
        if anonymous
        else Reply.objects.filter(form=m.settings.form).count() == 1
    )
