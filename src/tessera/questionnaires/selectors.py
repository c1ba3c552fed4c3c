"""Reads of the questionnaire step."""

from __future__ import annotations

from typing import Any

from tessera.forms.models import Reply
from tessera.processes.models import Step
from tessera.questionnaires.models import Participation, QuestionnaireSettings


def settings_for(step: Step) -> QuestionnaireSettings | None:
    """The step's settings, or None while staff have not set the questionnaire up."""
    try:
        return step.questionnaire_settings
    except QuestionnaireSettings.DoesNotExist:
        return None


def has_replied(person: Any, step: Step) -> bool:
    if not person.is_authenticated:
        return False
    return Participation.objects.filter(step=step, person=person).exists()


def own_reply(person: Any, settings: QuestionnaireSettings, *, draft: bool) -> Reply | None:
    """The person's draft, or their submitted reply (never an anonymous one: it has no
    author)."""
    if not person.is_authenticated:
        return None
    return (
        Reply.objects.filter(form_id=settings.form_id, author=person, is_draft=draft)
        .order_by("-updated_at")
        .first()
    )
