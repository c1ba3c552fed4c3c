"""Writes of the vote: drafts, ballots (online, by code, on paper), codes, paper totals.

Each service is one short transaction. A ballot is validated with the same pure rules the
vote page shows (`voting.rules.validate_ballot`), whatever the client sent.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.processes.timeline import Phase
from tessera.proposals.models import Proposal
from tessera.voting import rules as vote_rules
from tessera.voting.models import (
    Ballot,
    BallotChoice,
    BallotDraft,
    CensusCode,
    PaperTotal,
    PollingStation,
    VotingCode,
)
from tessera.voting.selectors import (
    ballot_districts,
    ballot_rules_for,
    results_for_step,
    vote_settings_for,
)
from tessera.voting.signals import ballot_submitted

logger = logging.getLogger(__name__)

# Codes read aloud or typed from paper: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


class BallotRefused(ValidationError):
    """The ballot breaks a rule; `messages` says which, in the voter's language."""


def code_hash(code: str) -> str:
    """Codes are stored hashed: a leaked table gives no usable code."""
    normalized = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(normalized.encode()).hexdigest()


def code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def draft_save(
    *, voter: User, step: Step, district: District | None, choices: Sequence[vote_rules.Choice]
) -> BallotDraft:
    """Keep the basket being composed (not counted), for this voter on any device."""
    data = [
        {"proposal": choice.proposal_id, **({"points": choice.points} if choice.points else {})}
        for choice in choices
    ]
    with transaction.atomic():
        draft, _created = BallotDraft.objects.update_or_create(
            voter=voter,
            step=step,
            district=district,
            defaults={"choices": data, "organization_id": step.organization_id},
        )
    return draft


def ballot_submit(
    *,
    voter: User,
    step: Step,
    choices: Sequence[vote_rules.Choice],
    district: District | None = None,
    census_code: str = "",
) -> Ballot:
    """Cast (or change, where allowed) `voter`'s ballot for this step and scope.

    Safe under concurrency: the voter's row is locked for the transaction, so twenty
    simultaneous submissions run one after the other and all end on one ballot (the last
    one wins when changes are allowed; the others are refused as "already voted"). The
    unique constraints hold the line even if a caller forgets the lock.
    """
    _check_open(step)
    _check_eligible(voter, step, district)
    rules = _checked_rules(step, district, choices)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=voter.pk).values_list("pk").first()
        existing = Ballot.objects.filter(voter=voter, step=step, district=district).first()
        if existing is not None:
            if not vote_settings_for(step).ballot_changeable:
                raise BallotRefused(_("You have already voted."), code="already_voted")
            BallotChoice.objects.filter(ballot=existing).delete()
            existing.submitted_at = timezone.now()
            existing.save(update_fields=["submitted_at", "updated_at"])
            ballot = existing
        else:
            census = (
                _census_use(step, census_code) if vote_settings_for(step).census_required else None
            )
            ballot = _ballot_create(step, district, voter=voter, census=census)
        _choices_create(ballot, choices)
        BallotDraft.objects.filter(voter=voter, step=step, district=district).delete()
        lines = [(rules.proposals[c.proposal_id], c.points) for c in choices]
        transaction.on_commit(
            lambda: _announce(voter=voter, step=step, ballot=ballot, lines=lines, kind=rules.kind)
        )
    return ballot


def ballot_submit_with_code(
    *, code: str, step: Step, choices: Sequence[vote_rules.Choice], district: District | None = None
) -> Ballot:
    """Cast the one ballot a mailed voting code allows (no account)."""
    _check_open(step)
    if district is not None and district not in ballot_districts(step):
        raise BallotRefused(_("This district does not vote here."), code="district")
    _checked_rules(step, district, choices)
    with transaction.atomic():
        voting_code = (
            VotingCode.objects.select_for_update()
            .filter(step=step, code_hash=code_hash(code), used_at__isnull=True)
            .first()
        )
        if voting_code is None:
            raise BallotRefused(_("This code is unknown or already used."), code="code")
        ballot = _ballot_create(step, district, voting_code=voting_code)
        _choices_create(ballot, choices)
        voting_code.used_at = timezone.now()
        voting_code.save(update_fields=["used_at"])
        transaction.on_commit(
            lambda: _announce(voter=None, step=step, ballot=ballot, lines=[], kind="")
        )
    return ballot


def paper_ballot_record(
    *,
    recorded_by: User,
    step: Step,
    choices: Sequence[vote_rules.Choice],
    district: District | None = None,
    census_code: str = "",
) -> Ballot:
    """Staff enter one paper ballot: same rules, marked paper; the census code (required
    when the step asks for one) stops a person from voting twice, online and on paper."""
    if step.phase() is Phase.UPCOMING or results_for_step(step) is not None:
        raise BallotRefused(_("Paper ballots are entered during or after the vote."), code="closed")
    _checked_rules(step, district, choices)
    with transaction.atomic():
        census = (
            _census_use(step, census_code)
            if census_code or vote_settings_for(step).census_required
            else None
        )
        ballot = _ballot_create(step, district, census=census, is_paper=True)
        _choices_create(ballot, choices)
    return ballot


def paper_totals_save(
    *, station: PollingStation, ballots_count: int, votes: dict[int, int]
) -> None:
    """Replace a polling station's totals (per proposal) and its number of ballots."""
    if results_for_step(station.step) is not None:
        raise BallotRefused(_("The results are published."), code="closed")
    if ballots_count < 0 or any(count < 0 for count in votes.values()):
        raise BallotRefused(_("Counts cannot be negative."), code="negative")
    allowed = set(
        Proposal.objects.filter(step__process_id=station.step.process_id).values_list(
            "pk", flat=True
        )
    )
    if set(votes) - allowed:
        raise BallotRefused(_("A proposal is not on this ballot."), code="unknown")
    with transaction.atomic():
        PollingStation.objects.filter(pk=station.pk).update(ballots_count=ballots_count)
        station.ballots_count = ballots_count
        PaperTotal.objects.filter(station=station).delete()
        PaperTotal.objects.bulk_create(
            PaperTotal(
                organization_id=station.organization_id,
                station=station,
                proposal_id=proposal_id,
                votes=count,
            )
            for proposal_id, count in votes.items()
            if count
        )


def voting_codes_generate(*, step: Step, count: int) -> list[tuple[int, str]]:
    """Create `count` one-time codes; returns (number, code) pairs, the only time the codes
    exist in clear (for the CSV and the printable sheet)."""
    if not 1 <= count <= 100_000:
        raise ValidationError(_("Generate between 1 and 100,000 codes."), code="count")
    with transaction.atomic():
        last = (
            VotingCode.objects.filter(step=step)
            .order_by("-serial")
            .values_list("serial", flat=True)
            .first()
            or 0
        )
        pairs = [(last + index + 1, code_new()) for index in range(count)]
        VotingCode.objects.bulk_create(
            VotingCode(
                organization_id=step.organization_id,
                step=step,
                serial=serial,
                code_hash=code_hash(code),
            )
            for serial, code in pairs
        )
    return pairs


def census_codes_import(*, step: Step, codes: Sequence[str]) -> int:
    """Add census or invitation codes (one per person); returns how many were new."""
    hashes = {code_hash(code) for code in codes if code.strip()}
    with transaction.atomic():
        known = set(
            CensusCode.objects.filter(step=step, code_hash__in=hashes).values_list(
                "code_hash", flat=True
            )
        )
        CensusCode.objects.bulk_create(
            CensusCode(organization_id=step.organization_id, step=step, code_hash=value)
            for value in sorted(hashes - known)
        )
    return len(hashes - known)


def _check_open(step: Step) -> None:
    if step.kind != "vote" or step.phase() is not Phase.CURRENT:
        raise BallotRefused(_("The vote is not open."), code="closed")


def _check_eligible(voter: User, step: Step, district: District | None) -> None:
    settings_ = vote_settings_for(step)
    if not (voter.is_active and voter.email_verified):
        raise BallotRefused(_("Verify your e-mail address to vote."), code="unverified")
    if voter.organization_id != step.organization_id:
        raise BallotRefused(_("The vote is not open."), code="organization")
    _check_scope(step, district)
    problem = vote_rules.eligibility_problem(
        year_of_birth=voter.year_of_birth,
        home_district_id=voter.district_id,
        ballot_district_id=district.pk if district is not None else None,
        min_age=settings_.min_age,
        residence_required=settings_.residence_required,
        this_year=timezone.localdate().year,
    )
    if problem:
        raise BallotRefused(problem, code="eligibility")


def _check_scope(step: Step, district: District | None) -> None:
    scope = vote_settings_for(step).scope
    if district is None and scope == "district":
        raise BallotRefused(_("Choose the district you vote in."), code="district")
    if district is not None and (scope == "process" or district not in ballot_districts(step)):
        raise BallotRefused(_("This district does not vote here."), code="district")


def _checked_rules(
    step: Step, district: District | None, choices: Sequence[vote_rules.Choice]
) -> vote_rules.BallotRules:
    rules = ballot_rules_for(step, district)
    errors = vote_rules.validate_ballot(rules, choices)
    if errors:
        raise BallotRefused([error.message for error in errors], code="rules")
    return rules


def _census_use(step: Step, code: str) -> CensusCode:
    census = (
        CensusCode.objects.select_for_update()
        .filter(step=step, code_hash=code_hash(code), used_at__isnull=True)
        .first()
        if code.strip()
        else None
    )
    if census is None:
        raise BallotRefused(_("This census code is unknown or already used."), code="census")
    census.used_at = timezone.now()
    census.save(update_fields=["used_at"])
    return census


def _ballot_create(
    step: Step,
    district: District | None,
    *,
    voter: User | None = None,
    census: CensusCode | None = None,
    voting_code: VotingCode | None = None,
    is_paper: bool = False,
) -> Ballot:
    try:
        # A savepoint: a duplicate (a race the lock did not cover) leaves the outer
        # transaction usable and is answered as "already voted", never as a 500.
        with transaction.atomic():
            return Ballot.objects.create(
                organization_id=step.organization_id,
                step=step,
                district=district,
                voter=voter,
                census_code=census,
                voting_code=voting_code,
                is_paper=is_paper,
                submitted_at=timezone.now(),
            )
    except IntegrityError:
        raise BallotRefused(_("You have already voted."), code="already_voted") from None


def _choices_create(ballot: Ballot, choices: Sequence[vote_rules.Choice]) -> None:
    BallotChoice.objects.bulk_create(
        BallotChoice(
            organization_id=ballot.organization_id,
            ballot=ballot,
            proposal_id=choice.proposal_id,
            rank=choice.rank,
            points=choice.points,
        )
        for choice in choices
    )


def _announce(**kwargs: Any) -> None:
    """Tell the apps above that a ballot is stored. It already is: a receiver that fails (a
    mail server down) is logged and must not turn an acknowledged ballot into an error page."""
    for receiver, error in ballot_submitted.send_robust(sender=Ballot, **kwargs):
        if isinstance(error, Exception):
            logger.error(
                "after ballot %s: %r failed", kwargs["ballot"].pk, receiver, exc_info=error
            )
