"""Anonymous replies: sealed when given, mixed in later in batches (core.sealing, the vote's
mechanism, docs/decisions/0006-secret-ballot.md).

Giving an anonymous reply writes its `Participation` (who replied) and a `PendingReply`
(what, sealed with a key derived from SECRET_KEY that the database does not hold) in one
transaction: a reader can pair those two rows, but the sealed bytes say nothing. The mix is
another transaction: it opens a batch, writes the replies and their answers in random order
with random keys, dated by the day only, and deletes the batch from the pending store. A
reader then links a person to a batch at best, never to a reply in it.

A batch is mixed once `REPLY_MIX_BATCH` replies of the step wait (after the commit of the
reply that fills it); after the close, reading the results or the export mixes the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone

from tessera.core import sealing
from tessera.core.sealing import Content, seal, shuffle
from tessera.forms import selectors as form_selectors
from tessera.forms.encoding import data_of
from tessera.forms.models import Answer, Reply
from tessera.forms.services import answers_for, kinds_of
from tessera.forms.spec import QuestionSpec, Value
from tessera.forms.validation import Invalid, parse
from tessera.processes.models import Step
from tessera.processes.timeline import Phase
from tessera.questionnaires.models import PendingReply, QuestionnaireSettings

DEFAULT_BATCH = 16


def mix_batch() -> int:
    """How many anonymous replies make a batch: the smallest crowd a reply hides in."""
    return sealing.batch_size("REPLY_MIX_BATCH", DEFAULT_BATCH)


def pending_store(
    *, step: Step, questions: Sequence[QuestionSpec], values: Mapping[int, Value]
) -> None:
    """Seal a reply's clean values into the pending store, in the caller's transaction. They
    are sealed as the page's data (forms.encoding): plain JSON, parsed again at the mix."""
    PendingReply.objects.create(
        organization_id=step.organization_id,
        step=step,
        sealed=seal(data_of(list(questions), values)),
    )


def mix_when_due(step: Step) -> int:
    """After a reply's commit: mix the step's waiting replies once a batch is full."""
    if step.phase() is not Phase.CURRENT:
        return 0
    return sealing.mix_when_full(
        PendingReply.objects.filter(step=step), _reply_writer(step), batch=mix_batch()
    )


def mix_after_close(step: Step) -> int:
    """Once the step is closed, everything still waiting (before the results or an export)."""
    if step.phase() is not Phase.PAST:
        return 0
    with transaction.atomic():
        return sealing.mix(
            PendingReply.objects.filter(step=step),
            _reply_writer(step),
            minimum=1,
            skip_locked=False,
        )


def _reply_writer(step: Step) -> sealing.MixedWriter:
    def write(contents: list[Content]) -> None:
        """A shuffled batch into replies with no author, dated by the day only."""
        questionnaire = QuestionnaireSettings.objects.select_related("form").get(step=step)
        questions = form_selectors.questions_in_order(
            form_selectors.sections_of(questionnaire.form)
        )
        specs = form_selectors.specs_of(questions)
        kinds = kinds_of(questions)
        day = timezone.localdate()
        replies: list[Reply] = []
        answers: list[Answer] = []
        for content in contents:
            reply = Reply(
                organization_id=step.organization_id, form=questionnaire.form, submitted_on=day
            )
            replies.append(reply)
            answers += answers_for(reply, _values(specs, content), kinds)
        Reply.objects.bulk_create(replies)
        shuffle(answers)
        Answer.objects.bulk_create(answers)

    return write


def _values(specs: Sequence[QuestionSpec], data: Mapping[str, list[str]]) -> dict[int, Value]:
    """The sealed data parsed again; a question removed since the reply was given is left out."""
    values = {}
    for question in specs:
        try:
            value = parse(question, data)
        except Invalid:  # the question changed since (an option removed): its answer is lost
            continue
        if value is not None:
            values[question.id] = value
    return values
