"""Writes on proposals: each service is one transaction and keeps the denormalised fields right.

Other apps (analysis, comments, voting, followup) change a proposal only through these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.contributions.services import (
    answer_set,
    contribution_create,
    contribution_edited,
    contribution_hide,
    contribution_unhide,
    contribution_withdraw,
)
from tessera.core.richtext import render_markdown
from tessera.organizations.models import District, Theme
from tessera.processes.models import Step
from tessera.proposals import statuses
from tessera.proposals.collect_limits import proposals_limit_check
from tessera.proposals.models import (
    MAX_ATTACHMENTS,
    MAX_IMAGES,
    PendingUpload,
    Proposal,
    ProposalAttachment,
    ProposalImage,
    ProposalRevision,
    ProposalStatusChange,
)
from tessera.proposals.selectors import collect_settings_for
from tessera.proposals.signals import (
    proposal_status_changed,
    proposal_submitted,
)
from tessera.proposals.statuses import ProposalStatus

# The fields an edit may change, in the order a revision lists them.
EDITABLE_FIELDS = (
    "title",
    "description",
    "theme",
    "district",
    "estimated_cost",
    "address",
    "latitude",
    "longitude",
    "on_behalf_of",
)
PENDING_UPLOAD_LIFETIME = timedelta(hours=6)
KIND = "proposal"  # the contribution kind (proposals/contribution_kind.py)


@dataclass(frozen=True)
class NewFile:
    """A checked file to attach: an image already re-encoded or a PDF already checked."""

    content: File[bytes]
    title: str = ""


def proposal_submit(
    *,
    author: User,
    step: Step,
    title: str,
    description: str,
    theme: Theme | None,
    district: District | None = None,
    estimated_cost: int | None = None,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    on_behalf_of: str = "",
    images: Sequence[NewFile] = (),
    attachments: Sequence[NewFile] = (),
) -> Proposal:
    """Publish a resident's proposal in a collect step, with its files and first history row.

    Permissions (open step, verified resident) are the caller's to check: see rules.py. The
    step's limit of proposals per person is checked here: CollectLimitReached.
    """
    _check_file_counts(len(images), len(attachments))
    with transaction.atomic():
        proposals_limit_check(user=author, step=step, settings=collect_settings_for(step))
        proposal = Proposal(
            organization_id=step.organization_id,
            contribution=contribution_create(kind=KIND, step=step, author=author),
            step=step,
            author=author,
            title=title.strip(),
            description=description,
            description_html=render_markdown(description),
            theme=theme,
            district=district,
            estimated_cost=estimated_cost,
            address=address.strip(),
            latitude=latitude,
            longitude=longitude,
            on_behalf_of=on_behalf_of.strip(),
        )
        proposal.save()
        _add_files(proposal, images, attachments)
        ProposalStatusChange.objects.create(
            organization_id=proposal.organization_id,
            proposal=proposal,
            from_status="",
            to_status=ProposalStatus.PUBLISHED,
            changed_by=author,
        )
        search_vector_refresh(proposal_ids=[proposal.pk])
        transaction.on_commit(lambda: proposal_submitted.send(sender=Proposal, proposal=proposal))
    return proposal


def proposal_update(
    *,
    proposal: Proposal,
    editor: User,
    changes: dict[str, Any],
    new_images: Sequence[NewFile] = (),
    removed_image_ids: Sequence[int] = (),
    new_attachments: Sequence[NewFile] = (),
    removed_attachment_ids: Sequence[int] = (),
) -> ProposalRevision | None:
    """Apply an edit and keep it as a revision (each changed field as [before, after]).

    Returns None when nothing changed. Permissions are the caller's to check (rules.py).
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        diff: dict[str, list[Any]] = {}
        for name, value in changes.items():
            before = getattr(proposal, name)
            if isinstance(value, str):
                value = value if name == "description" else value.strip()
            if before != value:
                diff[name] = [_snapshot(before), _snapshot(value)]
                setattr(proposal, name, value)
        images = list(proposal.images.all())
        attachments = list(proposal.attachments.all())
        removed_images = [image for image in images if image.pk in set(removed_image_ids)]
        removed_attachments = [a for a in attachments if a.pk in set(removed_attachment_ids)]
        _check_file_counts(
            len(images) - len(removed_images) + len(new_images),
            len(attachments) - len(removed_attachments) + len(new_attachments),
        )
        if removed_images or new_images:
            diff["images"] = [
                [image.image.name for image in images],
                [image.image.name for image in images if image not in removed_images]
                + [f"+ {new.title or new.content.name}" for new in new_images],
            ]
        if removed_attachments or new_attachments:
            diff["attachments"] = [
                [a.title for a in attachments],
                [a.title for a in attachments if a not in removed_attachments]
                + [new.title or str(new.content.name) for new in new_attachments],
            ]
        if not diff:
            return None
        if "description" in diff:
            proposal.description_html = render_markdown(proposal.description)
        proposal.save()
        contribution_edited(contribution=proposal.contribution)
        stale = [image.image.name for image in removed_images]
        stale += [attachment.file.name for attachment in removed_attachments]
        for item in [*removed_images, *removed_attachments]:
            item.delete()
        _delete_files_on_commit(stale)
        _add_files(proposal, new_images, new_attachments)
        revision = ProposalRevision.objects.create(
            organization_id=proposal.organization_id,
            proposal=proposal,
            author=editor,
            changes=diff,
        )
        if {"title", "description"} & set(diff):
            search_vector_refresh(proposal_ids=[proposal.pk])
    return revision


def proposal_withdraw(*, proposal: Proposal, user: User) -> ProposalStatusChange:
    """The author (or staff) withdraws a proposal: it leaves the lists, its page stays."""
    return proposal_status_change(
        proposal=proposal, to_status=ProposalStatus.WITHDRAWN, changed_by=user
    )


def proposal_status_change(
    *,
    proposal: Proposal,
    to_status: str,
    changed_by: User | None,
    public_answer: str = "",
    notify: bool = True,
) -> ProposalStatusChange:
    """Move a proposal to another status, as statuses.TRANSITIONS allows, and keep the history.

    A public answer becomes the official answer of the proposal's contribution (its state
    read from the new status, its service the one of the person answering). Once the
    transaction commits, the change is announced (`signals.proposal_status_changed`);
    `notify=False` tells the apps above not to tell anyone (a bulk move, the demo, a status
    that follows another event the followers already hear of).
    """
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not statuses.can_transition(locked.status, to_status):
            raise ValidationError(
                _("A proposal cannot go from “%(from)s” to “%(to)s”."),
                code="transition",
                params={
                    "from": ProposalStatus(locked.status).label,
                    "to": ProposalStatus(to_status).label,
                },
            )
        change = ProposalStatusChange.objects.create(
            organization_id=locked.organization_id,
            proposal=locked,
            from_status=locked.status,
            to_status=to_status,
            changed_by=changed_by,
            public_answer=public_answer.strip(),
        )
        fields = {"status": to_status, "updated_at": timezone.now()}
        Proposal.objects.filter(pk=locked.pk).update(**fields)
        for name, value in fields.items():
            setattr(proposal, name, value)
        if public_answer.strip():
            answer_set(
                contribution=proposal.contribution,
                state=statuses.answer_state(to_status),
                text=public_answer,
                answered_by=changed_by,
            )
        if to_status == ProposalStatus.WITHDRAWN:
            contribution_withdraw(contribution=proposal.contribution)
        transaction.on_commit(
            lambda: proposal_status_changed.send(
                sender=ProposalStatusChange, change=change, notify=notify
            )
        )
    return change


def proposal_reopen_for_author(*, proposal: Proposal, until: datetime | None) -> None:
    """Let the author edit again until `until` (the analysis asks for a revision); None ends it."""
    Proposal.objects.filter(pk=proposal.pk).update(author_may_edit_until=until)
    proposal.author_may_edit_until = until


def proposal_hide(*, proposal: Proposal, moderator: User | None, reason: str) -> None:
    """Hide a proposal from the public with a public reason (moderation).

    `moderator` is None when the moderation hides it automatically after enough reports.
    """
    contribution_hide(contribution=proposal.contribution, moderator=moderator, reason=reason)


def proposal_unhide(*, proposal: Proposal, moderator: User | None) -> None:
    contribution_unhide(contribution=proposal.contribution, moderator=moderator)


def author_contact(
    *,
    proposal: Proposal,
    sender_name: str,
    sender_email: str,
    message: str,
    phone: str = "",
) -> None:
    """E-mail the author a visitor's message; the author answers the visitor by plain e-mail.

    The author's address is only in the envelope we send: the visitor never sees it.
    """
    author = proposal.author
    if author is None or not author.is_active:
        raise ValidationError(_("The author of this proposal cannot be contacted."))
    with translation.override(author.language or "fr"):
        context = {
            "proposal": proposal,
            "url": absolute_url(proposal),
            "sender_name": sender_name,
            "sender_email": sender_email,
            "phone": phone,
            "message": message,
        }
        # One line: a title holding CR/LF would be refused as a header (a 500).
        title = " ".join(proposal.title.split())
        subject = _("A message about your proposal “%(title)s”") % {"title": title}
        body = render_to_string("proposals/email/contact_author.txt", context)
    EmailMessage(subject=subject, body=body, to=[author.email], reply_to=[sender_email]).send()


def search_vector_refresh(*, proposal_ids: Sequence[int] | None = None) -> None:
    """Recompute the French full-text vector (title weighs more than the description).

    PostgreSQL only; SQLite searches with icontains instead. None: every proposal in scope.
    """
    if connection.vendor != "postgresql":
        return
    queryset = Proposal.objects.all()
    if proposal_ids is not None:
        queryset = queryset.filter(pk__in=proposal_ids)
    queryset.update(
        search_vector=SearchVector("title", weight="A", config="french")
        + SearchVector("description", weight="B", config="french")
    )


def pending_upload_store(
    *, user: User, session_key: str, kind: str, new_file: NewFile
) -> PendingUpload:
    """Keep a valid file from a form that failed elsewhere, to attach it on the next try."""
    pending = PendingUpload(
        organization_id=user.organization_id,
        user=user,
        session_key=session_key,
        kind=kind,
        original_name=(new_file.title or str(new_file.content.name))[:200],
        size=new_file.content.size or 0,
    )
    pending.file.save(str(new_file.content.name), new_file.content, save=False)
    pending.save()
    return pending


def pending_uploads_take(*, uploads: Sequence[PendingUpload]) -> list[tuple[str, NewFile]]:
    """Turn pending uploads into files to attach, and forget them once the write commits."""
    files = []
    for pending in uploads:
        with pending.file.open("rb") as handle:
            data = handle.read()
        name = str(pending.file.name).rsplit("/", 1)[-1]
        files.append((pending.kind, NewFile(ContentFile(data, name=name), pending.original_name)))
    _delete_files_on_commit([pending.file.name for pending in uploads])
    for pending in uploads:
        pending.delete()
    return files


def pending_uploads_purge(*, older_than: timedelta = PENDING_UPLOAD_LIFETIME) -> int:
    """Remove the files of forms never completed (call from a periodic task)."""
    old = list(PendingUpload.objects.filter(created_at__lt=timezone.now() - older_than))
    for pending in old:
        pending.file.delete(save=False)
        pending.delete()
    return len(old)


def absolute_url(proposal: Proposal) -> str:
    """The proposal's address on its organisation's primary host, for e-mails."""
    return f"{proposal.organization.site_url}{proposal.get_absolute_url()}"


def _check_file_counts(images: int, attachments: int) -> None:
    if images > MAX_IMAGES:
        raise ValidationError(
            _("At most %(count)s images per proposal."), params={"count": MAX_IMAGES}
        )
    if attachments > MAX_ATTACHMENTS:
        raise ValidationError(
            _("At most %(count)s documents per proposal."), params={"count": MAX_ATTACHMENTS}
        )


def _add_files(
    proposal: Proposal, images: Sequence[NewFile], attachments: Sequence[NewFile]
) -> None:
    start = proposal.images.count() if images else 0
    for position, new in enumerate(images, start=start):
        image = ProposalImage(
            organization_id=proposal.organization_id,
            proposal=proposal,
            # A file name makes a poor text alternative: the page describes the image itself.
            alt_text="",
            position=position,
        )
        image.organization = proposal.organization
        image.image.save(str(new.content.name), new.content, save=False)
        image.save()
    start = proposal.attachments.count() if attachments else 0
    for position, new in enumerate(attachments, start=start):
        attachment = ProposalAttachment(
            organization_id=proposal.organization_id,
            proposal=proposal,
            title=(new.title or str(new.content.name))[:200],
            size=new.content.size or 0,
            position=position,
        )
        attachment.organization = proposal.organization
        attachment.file.save(str(new.content.name), new.content, save=False)
        attachment.save()


def _delete_files_on_commit(names: Sequence[str | None]) -> None:
    """Remove stored files once the rows pointing to them are gone for good."""
    storage = default_storage

    def delete() -> None:
        for name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(delete)


def _snapshot(value: Any) -> Any:
    """A JSON-friendly picture of a field value for the revision history."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    return str(value)
