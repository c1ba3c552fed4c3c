"""Writes on a whole process from the back office: publish, archive, duplicate, short URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tessera.branding.models import Redirect
from tessera.branding.services_content import redirect_delete, redirect_save
from tessera.processes import editions, kinds, timeline
from tessera.processes.models import Process, Step
from tessera.processes.services import process_dates_refresh

YEARS_TO_NEXT_EDITION = 1


def process_publish(*, process: Process, published: bool) -> Process:
    """Publish (or take back to draft) a process; one with no step has nothing to show."""
    if published and not process.steps.exists():
        raise ValidationError(_("Add at least one step before publishing."), code="no_step")
    if published and process.archived_at:
        raise ValidationError(_("An archived process cannot be published."), code="archived")
    process.is_published = published
    process.save(update_fields=["is_published"])
    return process


def process_archive(*, process: Process) -> Process:
    """Take a process out of the site and of the working list, keeping every row it owns."""
    process.is_published = False
    process.archived_at = timezone.now()
    process.save(update_fields=["is_published", "archived_at"])
    return process


def process_unarchive(*, process: Process) -> Process:
    process.archived_at = None
    process.save(update_fields=["archived_at"])
    return process


def process_duplicate(*, process: Process, years: int = YEARS_TO_NEXT_EDITION) -> Process:
    """The next edition: the same texts, themes, districts and steps with their settings,
    every date moved on by `years`, as an unpublished draft. Contributions are not copied."""
    title = editions.next_edition_title(process.title, years) or _("%(title)s (new edition)") % {
        "title": process.title
    }
    taken = set(Process.objects.values_list("slug", flat=True))
    with transaction.atomic():
        copy = _copy_row(
            process,
            title=title[:200],
            slug=editions.free_slug(slugify(title)[:80], taken),
            is_published=False,
            archived_at=None,
        )
        for step in process.steps.all():
            _step_copy(step, copy, years)
        process_dates_refresh(process=copy)
    return copy


def _step_copy(step: Step, process: Process, years: int) -> Step:
    copy = _copy_row(
        step,
        process=process,
        starts_at=timeline.shifted_by_years(step.starts_at, years),
        ends_at=timeline.shifted_by_years(step.ends_at, years),
    )
    own_copy = _own_settings_copy(step)
    if own_copy is not None:
        own_copy(step, copy)
        return copy
    for settings in _settings_of(step):
        children = _children_of(settings)
        settings_copy = _copy_row(settings, step=copy)
        for field_name, child in children:
            _copy_row(child, **{field_name: settings_copy})
    return copy


def _own_settings_copy(step: Step) -> Callable[[Step, Step], None] | None:
    """The kind's own copy of its settings (kinds.StepSettings.copy), if it has one."""
    try:
        kind = kinds.get(step.kind)
    except kinds.UnknownStepKind:
        return None
    return kind.settings.copy if kind.settings else None


def _settings_of(step: Step) -> list[models.Model]:
    """The step kind's settings rows: one-to-one to the step, their model named …Settings.

    processes/ cannot name them (they belong to the apps above). What a step collects
    (proposals, ballots) or produces (a vote's results, one-to-one too) is not copied.
    """
    rows = []
    for relation in Step._meta.related_objects:
        if relation.one_to_one and relation.related_model.__name__.endswith("Settings"):
            row = getattr(step, relation.get_accessor_name() or "", None)
            if row is not None:
                rows.append(row)
    return rows


def _children_of(settings: models.Model) -> list[tuple[str, models.Model]]:
    """The rows that belong to a settings row (its envelopes per district, its quotas)."""
    children = []
    for relation in settings._meta.related_objects:
        if relation.one_to_many:
            manager = getattr(settings, relation.get_accessor_name() or "")
            children += [(relation.field.name, row) for row in manager.all()]
    return children


def _copy_row(row: Any, **changes: Any) -> Any:
    """A new row with the same field values, the many-to-many ones aside, and `changes`."""
    model = type(row)
    values = {
        field.attname: getattr(row, field.attname)
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "auto_now_add", False)
    }
    copy = model(**values)
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save()
    for field in model._meta.many_to_many:
        getattr(copy, field.name).set(getattr(row, field.name).all())
    return copy


def short_url_of(process: Process) -> Redirect | None:
    """The short URL that leads to this process, if any (the first one made)."""
    return Redirect.objects.filter(target=process.get_absolute_url()).order_by("pk").first()


def process_short_url_set(*, process: Process, path: str, existing: Redirect | None) -> None:
    """Point `path` (e.g. /budget) to the process; an empty path removes its short URL.

    `existing` is the short URL read before the process was saved: its address may have
    changed with its short name.
    """
    if not path:
        if existing is not None:
            redirect_delete(redirect=existing)
        return
    redirect = existing or Redirect(organization=process.organization, is_permanent=False)
    redirect.path = path
    redirect.target = process.get_absolute_url()
    redirect_save(redirect=redirect)
