"""Publishing the results in the background: staff confirm, a task counts and publishes,
the page shows its progress (the scopes counted, the files written) and any failure.

One `Publication` row per step: a double click, or a second manager, finds the publication
already queued or running and publishes nothing more. A failed publication can be asked
again. Progress lines live in the shared cache (every app server and the worker see them).
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from tessera.accounts.models import User
from tessera.processes.models import Step
from tessera.voting.models import Publication, PublicationState
from tessera.voting.services.results import results_publish

logger = logging.getLogger(__name__)
PROGRESS_SECONDS = 24 * 3600
ACTIVE = (PublicationState.QUEUED, PublicationState.RUNNING, PublicationState.DONE)


def progress_key(step_id: int) -> str:
    return f"voting:publication:{step_id}"


def publication_progress(step: Step) -> list[str]:
    lines = cache.get(progress_key(step.pk))
    return list(lines) if isinstance(lines, list) else []


def publication_of(step: Step) -> Publication | None:
    publication: Publication | None = Publication.objects.filter(step=step).first()
    return publication


def publication_request(*, step: Step, requested_by: User) -> Publication:
    """Queue the publication of the step's results, once: a publication already queued,
    running or done is returned as it is; a failed one is queued again."""
    with transaction.atomic():
        Step.objects.select_for_update().filter(pk=step.pk).values_list("pk").first()
        publication = publication_of(step)
        if publication is not None and publication.state in ACTIVE:
            return publication
        if publication is None:
            publication = Publication(organization_id=step.organization_id, step=step)
        publication.requested_by = requested_by
        publication.requested_at = timezone.now()
        publication.state = PublicationState.QUEUED
        publication.error = ""
        publication.finished_at = None
        publication.save()
        cache.set(progress_key(step.pk), [], PROGRESS_SECONDS)
        publication_id = publication.pk
        transaction.on_commit(lambda: results_publish_task.enqueue(publication_id=publication_id))
    return publication


@task()
def results_publish_task(publication_id: int) -> None:
    with scopes_disabled():
        publication = Publication.objects.select_related("step", "requested_by").get(
            pk=publication_id
        )
    with scope(organization=publication.organization_id):
        publication_run(publication)


def publication_run(publication: Publication) -> None:
    """Count and publish, telling the progress, and keep the outcome on the publication."""
    claimed = Publication.objects.filter(pk=publication.pk, state=PublicationState.QUEUED).update(
        state=PublicationState.RUNNING
    )
    if not claimed:  # already run by another worker
        return
    step = publication.step
    lines: list[str] = []

    def progress(line: str) -> None:
        lines.append(line)
        cache.set(progress_key(step.pk), lines, PROGRESS_SECONDS)

    language = getattr(publication.requested_by, "language", "") or "fr"
    state, error = PublicationState.DONE, ""
    with translation.override(language):
        try:
            results_publish(step=step, published_by=publication.requested_by, progress=progress)
        except ValidationError as refusal:
            state, error = PublicationState.FAILED, " ".join(refusal.messages)
        except ValueError as failure:  # the tally refused its instance (NotRankedError, …)
            logger.warning("step %s: the count failed: %s", step.pk, failure)
            state = PublicationState.FAILED
            error = _("The votes could not be counted with these settings (%(reason)s).") % {
                "reason": failure
            }
    Publication.objects.filter(pk=publication.pk).update(
        state=state, error=error, finished_at=timezone.now()
    )
