"""A reader of the database, without the application's secret, tries to link the people who
replied to an anonymous questionnaire to their replies: real concurrent HTTP replies on
PostgreSQL, then every join the reader can think of (transaction ids, physical positions,
keys, dates, batches). The vote's test (tests/voting/test_secrecy_reader.py) for replies."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from tessera.forms.models import Answer, Reply
from tessera.processes.models import Process, Step
from tessera.questionnaires.mixing import mix_after_close
from tessera.questionnaires.models import Participation, PendingReply
from tests.conftest import make_user
from tests.questionnaires.conftest import answers, questionnaire_in
from tests.questionnaires.live import post_together, prepared
from tests.voting.test_secrecy_reader import pair_in_order, right_guesses

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the reader's joins use PostgreSQL's system columns (CI runs it)",
    ),
]
PEOPLE = 32
THREADS = 16
BATCH = 8


def system_rows(sql: str, parameter: int) -> list[dict[str, Any]]:
    """What a reader with SQL access sees of each row, system columns included."""
    with connection.cursor() as cursor:
        cursor.execute(sql, [parameter])
        return [
            {"id": pk, "xmin": xmin, "ctid": tuple(int(n) for n in ctid.strip("()").split(","))}
            for pk, xmin, ctid in cursor.fetchall()
        ]


def test_a_database_reader_cannot_link_people_to_their_anonymous_replies(
    live_server: Any, process: Process, settings: Any
) -> None:
    settings.REPLY_MIX_BATCH = BATCH  # batches mixed while the questionnaire runs
    m = questionnaire_in(process, anonymous=True, drafts=False)
    street = m.questions["street"].pk
    base = live_server.url.replace("127.0.0.1", "localhost")
    jobs, wrote = [], {}
    for index in range(PEOPLE):
        person = make_user(process.organization)
        session, token = prepared(base, m, person)
        jobs.append((session, token, answers(m, **{f"q{street}": [f"Rue {index}"]})))
        wrote[f"Rue {index}"] = person.pk
    assert post_together(base, m, jobs, THREADS) == [302] * PEOPLE
    Step.objects.filter(pk=m.step.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    mix_after_close(Step.objects.get(pk=m.step.pk))
    assert not PendingReply.objects.exists()

    # Only the test knows who wrote what; the reader sees no author, no time, no address.
    replies = Reply.objects.filter(form=m.settings.form)
    assert replies.count() == PEOPLE
    assert not replies.filter(author__isnull=False).exists()
    assert not replies.filter(updated_at__isnull=False).exists()
    who_replied = dict(Participation.objects.filter(step=m.step).values_list("pk", "person_id"))
    texts = dict(Answer.objects.filter(question_id=street).values_list("reply_id", "text"))
    who_wrote = {reply: wrote[text] for reply, text in texts.items()}

    participations = system_rows(
        "SELECT id, xmin::text::bigint, ctid::text FROM questionnaires_participation "
        "WHERE step_id = %s",
        m.step.pk,
    )
    stored = system_rows(
        "SELECT id, xmin::text::bigint, ctid::text FROM forms_reply WHERE form_id = %s",
        m.settings.form_id,
    )
    # 1. No reply was written by a person's transaction.
    assert not {p["xmin"] for p in participations} & {r["xmin"] for r in stored}
    # 2. Orders: transaction ids, physical positions, keys.
    guesses = {
        "xmin": pair_in_order(participations, stored, lambda row: (row["xmin"], row["ctid"])),
        "ctid": pair_in_order(participations, stored, lambda row: row["ctid"]),
        "id": pair_in_order(participations, stored, lambda row: row["id"]),
    }
    # 3. Each mix hid its replies among at least BATCH (the close's takes what remained).
    batches = [size for _xmin, size in sorted(Counter(r["xmin"] for r in stored).items())]
    assert all(size >= BATCH for size in batches[:-1]), batches
    chance_bound = 2 * len(batches) + 6
    for attack, guess in guesses.items():
        assert right_guesses(guess, who_replied, who_wrote) <= chance_bound, attack
