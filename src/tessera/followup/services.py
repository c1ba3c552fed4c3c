"""Writes of the follow-up: realisations from the winners, their updates, their news.

Each service is one transaction; what others must hear (notifications) is sent once it
commits, through followup.signals.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.core.richtext import render_markdown
from tessera.followup.kinds import FOLLOWUP
from tessera.followup.models import NewsPost, Realisation, RealisationUpdate
from tessera.followup.rules import update_errors
from tessera.followup.signals import news_published, realisation_updated
from tessera.followup.statuses import proposal_moves
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_status_change
from tessera.proposals.statuses import ProposalStatus

# What staff may change on a realisation, each one recorded in its history when it changes.
TRACKED_FIELDS = (
    "title",
    "status",
    "progress",
    "abandon_reason",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "budget_voted",
    "budget_spent",
    "service",
    "district",
    "theme",
    "address",
)


def realisations_create(*, step: Step) -> list[Realisation]:
    """Create a realisation, followed in this follow-up step, for each winner of its process.

    Winners are the proposals the published results made "winner". Idempotent: a winner that
    already has its realisation is left alone, so running it again after a late publication
    only adds the new ones.
    """
    if step.kind != FOLLOWUP.identifier:
        raise ValidationError(_("Realisations are followed in a follow-up step."), code="kind")
    with transaction.atomic():
        # Locked, so that two staff clicking at once do not both create the same realisations.
        Process.objects.select_for_update().filter(pk=step.process_id).values_list("pk").first()
        winners = (
            Proposal.objects.filter(
                step__process_id=step.process_id,
                status=ProposalStatus.WINNER,
                realisation__isnull=True,
            )
            .select_related("theme", "district")
            .order_by("pk")
        )
        return Realisation.objects.bulk_create(
            Realisation(
                organization_id=step.organization_id,
                proposal=proposal,
                process_id=step.process_id,
                step=step,
                title=proposal.title[: Realisation._meta.get_field("title").max_length],
                budget_voted=proposal.estimated_cost,
                district=proposal.district,
                theme=proposal.theme,
                address=proposal.address,
            )
            for proposal in winners
        )


def realisation_update(
    *, realisation: Realisation, changed_by: User | None, values: Mapping[str, Any]
) -> RealisationUpdate | None:
    """Change a realisation and record who changed what; None when nothing changed.

    Refuses (ValidationError per field) a move the statuses do not allow and inconsistent
    values (see rules.update_errors). The proposal it carries out follows its status.
    """
    unknown = set(values) - set(TRACKED_FIELDS)
    if unknown:
        raise ValueError(f"Not a field staff may change: {sorted(unknown)}")
    with transaction.atomic():
        locked = Realisation.objects.select_for_update().get(pk=realisation.pk)
        after = {field: values.get(field, getattr(locked, field)) for field in TRACKED_FIELDS}
        errors = update_errors(
            current_status=locked.status, values=after, today=timezone.localdate()
        )
        if errors:
            raise ValidationError(errors)
        changes = {
            field: [_readable(getattr(locked, field)), _readable(after[field])]
            for field in TRACKED_FIELDS
            if getattr(locked, field) != after[field]
        }
        if not changes:
            return None
        for field in changes:
            setattr(locked, field, after[field])
        locked.save(update_fields=[*changes, "updated_at"])
        update = RealisationUpdate.objects.create(
            organization_id=locked.organization_id,
            realisation=locked,
            author=changed_by,
            changes=changes,
        )
        if "status" in changes:
            _proposal_follow(locked, changed_by)
        transaction.on_commit(
            lambda: realisation_updated.send(sender=Realisation, realisation=locked, update=update)
        )
    for field in TRACKED_FIELDS:
        setattr(realisation, field, getattr(locked, field))
    realisation.updated_at = locked.updated_at
    return update


def _readable(value: Any) -> Any:
    """A value as the history keeps it (JSON): a date in ISO form, a related row by name."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _proposal_follow(realisation: Realisation, changed_by: User | None) -> None:
    proposal = Proposal.objects.get(pk=realisation.proposal_id)
    for status in proposal_moves(realisation.status, proposal.status):
        # The realisation's own news and signal inform the public: no second e-mail.
        proposal_status_change(
            proposal=proposal, to_status=status, changed_by=changed_by, notify=False
        )


def news_post_publish(
    *,
    realisation: Realisation,
    author: User | None,
    title: str,
    body: str,
    image: ContentFile[bytes] | None = None,
    image_alt: str = "",
    published_at: datetime | None = None,
) -> NewsPost:
    """Publish news on a realisation's timeline, its Markdown rendered and sanitised once.

    `image` must already be re-encoded (core.images.reencode_image, done by the form).
    """
    with transaction.atomic():
        news = NewsPost(
            organization_id=realisation.organization_id,
            realisation=realisation,
            author=author,
            title=title.strip(),
            body=body,
            body_html=render_markdown(body),
            image_alt=image_alt.strip() if image else "",
            published_at=published_at or timezone.now(),
        )
        if image is not None:
            news.image.save(image.name or "image.jpg", image, save=False)
        news.save()
        # News is an update too: the latest realisations on the home page show it.
        Realisation.objects.filter(pk=realisation.pk).update(updated_at=timezone.now())
        transaction.on_commit(lambda: news_published.send(sender=NewsPost, news=news))
    return news
