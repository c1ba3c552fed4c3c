"""Writes on processes and steps. Overlapping steps are refused here and only here."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import formats
from django.utils.translation import gettext as _

from tessera.core.richtext import render_markdown
from tessera.processes import kinds, timeline
from tessera.processes.models import Process, Step


def steps_check_no_overlap(steps: Sequence[timeline.Dated]) -> None:
    """Refuse a timeline where two steps run at the same time, naming both and their dates."""
    ordered = sorted(steps, key=lambda step: step.starts_at)
    errors = []
    for index, step in enumerate(ordered):
        for other in timeline.overlapping(step, ordered[index + 1 :]):
            errors.append(
                ValidationError(
                    _("“%(first)s” (until %(end)s) overlaps “%(second)s” (from %(start)s)."),
                    code="overlap",
                    params={
                        "first": getattr(step, "title", ""),
                        "second": getattr(other, "title", ""),
                        "end": formats.date_format(step.ends_at, "SHORT_DATETIME_FORMAT"),
                        "start": formats.date_format(other.starts_at, "SHORT_DATETIME_FORMAT"),
                    },
                )
            )
    if errors:
        raise ValidationError(errors)


def process_save(*, process: Process) -> Process:
    """Save a process with its description rendered to sanitised HTML once, not per view."""
    process.description_html = render_markdown(process.description)
    process.save()
    return process


def step_save(*, step: Step) -> Step:
    """Save one step after checking its kind exists and that it overlaps no other step."""
    timeline_save(process=step.process, saved=[step])
    return step


def timeline_save(*, process: Process, saved: Sequence[Step], deleted: Sequence[Step] = ()) -> None:
    """Apply a set of step changes to a process's timeline at once, or refuse them all.

    The check runs over the timeline as it will be after the change, with the process row
    locked, so that two staff editing steps at the same time cannot both create an overlap.
    """
    for step in saved:
        kinds.get(step.kind)
        if step.ends_at <= step.starts_at:
            raise ValidationError(_("A step must end after it starts."), code="dates")
    with transaction.atomic():
        Process.objects.select_for_update().filter(pk=process.pk).first()
        changed = {step.pk for step in [*saved, *deleted] if step.pk}
        kept = list(Step.objects.filter(process=process).exclude(pk__in=changed))
        steps_check_no_overlap([*kept, *saved])
        for step in deleted:
            step.delete()
        for step in saved:
            step.process = process
            step.organization = process.organization
            step.description_html = render_markdown(step.description)
            step.save()
        process_dates_refresh(process=process)


def step_delete(*, step: Step) -> None:
    timeline_save(process=step.process, saved=[], deleted=[step])


def process_dates_refresh(*, process: Process) -> None:
    """Keep the process's start and end equal to its first step's start and last step's end."""
    dates = Step.objects.filter(process=process).aggregate(
        starts_at=Min("starts_at"), ends_at=Max("ends_at")
    )
    Process.objects.filter(pk=process.pk).update(**dates)
    process.starts_at, process.ends_at = dates["starts_at"], dates["ends_at"]
