"""Writes of a votation: a ballot cast or changed, the close, the settings, the polling
stations. The sealing and the mix are core.sealing's (docs/decisions/0006-secret-ballot.md)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from tessera.core import sealing
from tessera.core.sealing import Content, seal
from tessera.processes.models import Step
from tessera.processes.timeline import Phase
from tessera.votations import counting
from tessera.votations.eligibility import refusal
from tessera.votations.models import (
    Answer,
    Ballot,
    Channel,
    Participation,
    PendingBallot,
    Station,
    StationTotal,
    VotationSettings,
)
from tessera.votations.selectors import answers_of, references, slots
from tessera.voting.models import CensusCode, VotingCode
from tessera.voting.services.common import code_hash

DEFAULT_BATCH = 32
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed back


class VoteRefused(Exception):
    """A ballot the votation does not take; `code` says why (the page says it in words)."""

    CLOSED = "closed"
    INVALID = "invalid"
    NOT_ELIGIBLE = "not_eligible"
    ALREADY_VOTED = "already_voted"
    CENSUS = "census"
    CODE = "code"

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def receipt_new() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def mix_batch() -> int:
    return sealing.batch_size("VOTATION_MIX_BATCH", DEFAULT_BATCH)


def ballot_cast(
    *,
    settings: VotationSettings,
    voter: Any = None,
    voting_code: str = "",
    census_code: str = "",
    answer: int | None = None,
    grades: Mapping[int, int] | None = None,
) -> str:
    """Cast (or, where allowed, change) a ballot; returns its receipt code.

    A signed-in voter, or a one-time voting code without an account. One transaction writes
    the participation and the sealed pending ballot; the mix, later and apart, counts it.
    Under concurrency the participation's unique constraints let exactly one first ballot in
    per person, code and census code; the others take the change path or are refused.
    """
    step = settings.step
    grades = dict(grades or {})
    ids = [a.pk for a in answers_of(settings)]
    if counting.ballot_problems(settings.kind, ids, answer, grades):
        raise VoteRefused(VoteRefused.INVALID)
    if step.phase() is not Phase.CURRENT:
        raise VoteRefused(VoteRefused.CLOSED)
    if voter is not None:
        problem = refusal(voter, settings)
        if problem is not None:
            raise VoteRefused(VoteRefused.NOT_ELIGIBLE, problem)
    receipt = receipt_new()
    content: Content = {"answer": answer, "grades": grades, "receipt": receipt}
    # Durable: the voter's transaction commits on its own, before and apart from any mix.
    with transaction.atomic(durable=True):
        if voter is not None:
            participation, created = _voter_participation(settings, voter, census_code)
            if not created and not settings.ballot_changeable:
                raise VoteRefused(VoteRefused.ALREADY_VOTED)
            if not created and not _still_linked(participation):
                raise VoteRefused(VoteRefused.ALREADY_VOTED)
            changing = settings.ballot_changeable
            content["channel"] = Channel.ONLINE
            content["reference"] = references(participation.pk)[0] if changing else None
            content["replaces"] = references(participation.pk) if changing else []
            slot = slots(participation.pk)[0] if changing else secrets.token_hex(32)
        else:
            _code_participation(settings, voting_code)
            content.update(channel=Channel.CODE, reference=None, replaces=[])
            slot = secrets.token_hex(32)
        PendingBallot.objects.bulk_create(
            [
                PendingBallot(
                    organization_id=step.organization_id,
                    step=step,
                    slot=slot,
                    sealed=seal(content),
                )
            ],
            update_conflicts=True,
            unique_fields=["slot"],
            update_fields=["sealed"],
        )
    if step.phase() is Phase.CURRENT:
        sealing.mix_when_full(
            PendingBallot.objects.filter(step=step), _writer(step), batch=mix_batch()
        )
    return receipt


def _voter_participation(
    settings: VotationSettings, voter: Any, census_code: str
) -> tuple[Participation, bool]:
    step = settings.step
    existing = Participation.objects.filter(step=step, voter=voter).first()
    if existing is not None:
        return existing, False
    census = _census(settings, census_code) if settings.census_required else None
    try:
        with transaction.atomic():  # a savepoint: a duplicate leaves the transaction usable
            created = Participation.objects.create(
                organization_id=step.organization_id,
                step=step,
                voter=voter,
                census_code=census,
                voted_at=timezone.now(),
            )
    except IntegrityError:
        existing = Participation.objects.filter(step=step, voter=voter).first()
        if existing is None:  # the census code was used by someone else meanwhile
            raise VoteRefused(VoteRefused.CENSUS) from None
        return existing, False
    return created, True


def _census(settings: VotationSettings, code: str) -> CensusCode:
    census = CensusCode.objects.filter(step_id=settings.step_id, code_hash=code_hash(code)).first()
    if not code.strip() or census is None:
        raise VoteRefused(VoteRefused.CENSUS)
    if Participation.objects.filter(census_code=census).exists():
        raise VoteRefused(VoteRefused.CENSUS)
    return census


def _still_linked(participation: Participation) -> bool:
    """A ballot cast while changes were not allowed is unlinked for good."""
    return (
        PendingBallot.objects.filter(slot__in=slots(participation.pk)).exists()
        or Ballot.objects.filter(reference__in=references(participation.pk)).exists()
    )


def _code_participation(settings: VotationSettings, code: str) -> None:
    step = settings.step
    voting_code = (
        VotingCode.objects.select_for_update()
        .filter(step=step, code_hash=code_hash(code), used_at__isnull=True)
        .first()
    )
    if not settings.codes_allowed or voting_code is None:
        raise VoteRefused(VoteRefused.CODE)
    Participation.objects.create(
        organization_id=step.organization_id,
        step=step,
        voting_code=voting_code,
        channel=Channel.CODE,
        voted_at=timezone.now(),
    )
    voting_code.used_at = timezone.now()
    voting_code.save(update_fields=["used_at"])


def _writer(step: Step) -> sealing.MixedWriter:
    def write(contents: list[Content]) -> None:
        """A shuffled batch into the counted ballots, replacing those it changes."""
        replaced = [ref for content in contents for ref in content["replaces"]]
        if replaced:
            Ballot.objects.filter(step=step, reference__in=replaced).delete()
        Ballot.objects.bulk_create(
            Ballot(
                organization_id=step.organization_id,
                step=step,
                channel=content["channel"],
                answer_id=content["answer"],
                grades=content["grades"],
                receipt=content["receipt"],
                reference=content["reference"],
            )
            for content in contents
        )

    return write


def votation_close(step: Step) -> int:
    """After the close (before the results are read): every pending ballot counted, every
    reference erased, so nothing links a ballot to anyone any more. Idempotent."""
    if step.phase() is not Phase.PAST:
        return 0
    with transaction.atomic():
        mixed = sealing.mix(
            PendingBallot.objects.filter(step=step), _writer(step), minimum=1, skip_locked=False
        )
        Ballot.objects.filter(step=step, reference__isnull=False).update(reference=None)
    return mixed


def paper_voter_record(*, settings: VotationSettings, census_code: str) -> None:
    """A census code's holder signed a polling station's register: their one vote is on
    paper; the same code is then refused online (and the other way round)."""
    step = settings.step
    with transaction.atomic():
        census = _census(settings, census_code)
        try:
            with transaction.atomic():
                Participation.objects.create(
                    organization_id=step.organization_id,
                    step=step,
                    census_code=census,
                    channel=Channel.PAPER,
                    voted_at=timezone.now(),
                )
        except IntegrityError:
            raise VoteRefused(VoteRefused.CENSUS) from None


def station_save(*, step: Step, name: str, signatures: int, totals: Mapping[int, int]) -> Station:
    """A polling station's count (staff entry): its register's signatures and each answer's
    votes; entered again, it replaces the station's earlier figures."""
    with transaction.atomic():
        station, _created = Station.objects.update_or_create(
            step=step,
            name=name,
            defaults={"signatures": signatures, "organization_id": step.organization_id},
        )
        for answer_id, votes in totals.items():
            StationTotal.objects.update_or_create(
                station=station,
                answer_id=answer_id,
                defaults={"votes": votes, "organization_id": step.organization_id},
            )
    return station


def settings_save(
    *, settings: VotationSettings, answers: Sequence[str] | None, blank: bool
) -> VotationSettings:
    """The settings and their answers in order, the blank vote last when offered; `answers`
    None keeps them (they are frozen once someone voted)."""
    with transaction.atomic():
        settings.organization_id = settings.step.organization_id
        settings.save()
        if answers is None:
            return settings
        labels = [(label, False) for label in answers]
        if blank:
            labels.append((gettext("Blank vote"), True))
        kept = list(settings.answers.all())
        for position, (label, is_blank) in enumerate(labels):
            row = kept[position] if position < len(kept) else Answer(settings=settings)
            row.organization_id = settings.organization_id
            row.label, row.position, row.is_blank = label, position, is_blank
            row.save()
        for row in kept[len(labels) :]:
            row.delete()
    return settings
