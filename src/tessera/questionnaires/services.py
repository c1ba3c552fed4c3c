"""Writes of the questionnaire step: a reply given, changed or kept as a draft; the settings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tessera.forms.models import Answer, Form, Reply
from tessera.forms.services import answers_for, form_copy, reply_answers_replace
from tessera.forms.spec import QuestionSpec, Value
from tessera.processes.models import Step
from tessera.questionnaires import mixing
from tessera.questionnaires.models import Participation, QuestionnaireSettings
from tessera.questionnaires.selectors import own_reply


class ReplyRefused(Exception):
    """A reply the step does not take; `code` says why."""

    ALREADY_REPLIED = "already_replied"

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def reply_submit(
    *,
    person: Any,
    settings: QuestionnaireSettings,
    questions: Sequence[QuestionSpec],
    values: Mapping[int, Value],
    kinds: Mapping[int, str],
) -> Reply | None:
    """Record a valid reply (validated by the caller with forms.validation). One transaction:
    the participation (one per person where the step says so: a second one, even sent at the
    same instant, meets the unique constraint and is refused) and the reply, or for an
    anonymous step its sealed copy waiting to be mixed in (returns None then)."""
    step = settings.step
    signed_in = bool(person is not None and person.is_authenticated)
    try:
        with transaction.atomic():
            if signed_in:
                replaced = _replace_own_reply(person, settings, values, kinds)
                if replaced is not None:
                    return replaced
                Participation.objects.create(
                    organization_id=step.organization_id,
                    step=step,
                    person=person,
                    single=settings.one_reply,
                )
                Reply.objects.filter(
                    form_id=settings.form_id, author=person, is_draft=True
                ).delete()
            if settings.anonymous:
                mixing.pending_store(step=step, questions=questions, values=values)
                transaction.on_commit(lambda: mixing.mix_when_due(step))
                return None
            reply = Reply.objects.create(
                organization_id=step.organization_id,
                form_id=settings.form_id,
                author=person if signed_in else None,
                district_id=person.district_id if signed_in else None,
                submitted_on=timezone.localdate(),
                updated_at=timezone.now(),
            )
            Answer.objects.bulk_create(answers_for(reply, values, kinds))
            return reply
    except IntegrityError:
        raise ReplyRefused(ReplyRefused.ALREADY_REPLIED) from None


def _replace_own_reply(
    person: Any,
    settings: QuestionnaireSettings,
    values: Mapping[int, Value],
    kinds: Mapping[int, str],
) -> Reply | None:
    """An editable step: the person's reply already given takes the new values."""
    if not (settings.one_reply and settings.editable) or settings.anonymous:
        return None
    reply = own_reply(person, settings, draft=False)
    if reply is None:
        return None
    reply_answers_replace(reply=reply, values=values, kinds=kinds)
    reply.updated_at = timezone.now()
    reply.save(update_fields=["updated_at"])
    return reply


def draft_save(
    *,
    person: Any,
    settings: QuestionnaireSettings,
    values: Mapping[int, Value],
    kinds: Mapping[int, str],
) -> Reply:
    """Keep what the person answered so far, valid or not yet complete, to come back later."""
    with transaction.atomic():
        reply = own_reply(person, settings, draft=True)
        if reply is None:
            reply = Reply.objects.create(
                organization_id=settings.organization_id,
                form_id=settings.form_id,
                author=person,
                is_draft=True,
                updated_at=timezone.now(),
            )
        else:
            reply.updated_at = timezone.now()
            reply.save(update_fields=["updated_at"])
        reply_answers_replace(reply=reply, values=values, kinds=kinds)
    return reply


def settings_save(*, settings: QuestionnaireSettings) -> QuestionnaireSettings:
    with transaction.atomic():
        if settings.form_id is None:
            settings.form = Form.objects.create(
                organization_id=settings.step.organization_id, title=settings.step.title
            )
        settings.organization_id = settings.step.organization_id
        settings.save()
    return settings


def questionnaire_copy(step: Step, new_step: Step) -> None:
    """The next edition's questionnaire: the same settings and a copy of the form (kinds'
    StepSettings.copy; the generic copy would share one form between two editions)."""
    settings = QuestionnaireSettings.objects.filter(step=step).select_related("form").first()
    if settings is None:
        return
    with transaction.atomic():
        settings.pk = None
        settings._state.adding = True
        settings.step = new_step
        settings.form = form_copy(settings.form)
        settings.save()
