"""What the votation pages share: the step a user may see, and a ballot read from a form."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from tessera.processes.models import Process, Step
from tessera.votations.counting import GRADES
from tessera.votations.models import Answer, VotationSettings
from tessera.votations.rules import KIND
from tessera.votations.selectors import settings_for
from tessera.votations.services import VoteRefused


def votation_step_for(request: HttpRequest, slug: str, step_id: int) -> Step:
    """The votation step of a process this user may see: a draft is 404, else 403."""
    process = get_object_or_404(Process, slug=slug)
    if not request.user.has_perm("processes.view_process", process):
        if not process.is_published:
            raise Http404
        raise PermissionDenied
    step = get_object_or_404(Step, process=process, pk=step_id, kind=KIND)
    step.process = process
    return step


def settings_or_404(step: Step) -> VotationSettings:
    settings = settings_for(step)
    if settings is None:
        raise Http404
    return settings


def _number(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def posted_ballot(post: QueryDict, answers: list[Answer]) -> tuple[int | None, dict[int, int]]:
    """The answer chosen, or the grade of each answer; anything unreadable is left out and
    the count's rules (counting.ballot_problems) refuse what is missing."""
    grades = {}
    for answer in answers:
        grade = _number(post.get(f"grade_{answer.pk}"))
        if grade is not None:
            grades[answer.pk] = grade
    return _number(post.get("answer")), grades


def grade_labels() -> list[tuple[int, str]]:
    labels = {
        5: _("Excellent"),
        4: _("Very good"),
        3: _("Good"),
        2: _("Fair"),
        1: _("Poor"),
        0: _("To reject"),
    }
    return [(grade, labels[grade]) for grade in sorted(GRADES, reverse=True)]


def refusal_message(error: VoteRefused) -> str:
    messages = {
        VoteRefused.CLOSED: _("The votation is closed."),
        VoteRefused.INVALID: _("Choose one answer."),
        VoteRefused.ALREADY_VOTED: _("You have already voted."),
        VoteRefused.CENSUS: _("This census or invitation code is unknown or already used."),
        VoteRefused.CODE: _("This voting code is unknown or already used."),
    }
    return error.detail or messages.get(error.code, _("Your vote could not be recorded."))
