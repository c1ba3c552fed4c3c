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
from tessera.voting import eligibility
from tessera.voting import rules as vote_rules
from tessera.voting.mixing import mix_when_due, pending_store
from tessera.voting.models import (
    AuditAction,
    AuditEntry,
    Ballot,
    BallotDraft,
    CensusCode,
    Channel,
    PaperTotal,
    Participation,
    PendingBallot,
    PollingStation,
    ResidenceProof,
    VotingCode,
)
from tessera.voting.secrecy import ballot_references, pending_slots
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


def draft_discard(*, voter: User, step: Step, district: District | None) -> None:
    """Drop the basket being composed (one row of the voter's own, never counted)."""
    BallotDraft.objects.filter(voter=voter, step=step, district=district).delete()


def ballot_submit(
    *,
    voter: User,
    step: Step,
    choices: Sequence[vote_rules.Choice],
    district: District | None = None,
    census_code: str = "",
) -> None:
    """Cast (or change, where allowed) `voter`'s ballot for this step and scope.

    The participation (that they voted) is written with the ballot sealed into the pending
    store (`voting.mixing`); a later transaction mixes it into the counted ballots, where it
    carries, if it may change, the keyed reference of its participation (`voting.secrecy`),
    the only way back to it.

    Safe under concurrency: the participation's unique constraint lets one of twenty
    simultaneous first submissions in; the others wait for it on the index, then take the
    change path, where the pending slot's unique index queues them one after the other, so
    they all end on one ballot (the last one wins when changes are allowed; the others are
    refused as "already voted"). The participation row itself is neither locked nor
    rewritten by a change: its system columns would tie it to the change's transaction.
    """
    _check_open(step)
    _check_eligible(voter, step, district)
    rules = _checked_rules(step, district, choices)
    changeable = vote_settings_for(step).ballot_changeable
    # Durable: the voter's transaction commits on its own, before and apart from any mix.
    facts = eligibility.voter_facts(voter, step)
    with transaction.atomic(durable=True):
        _check_one_district(voter, step, district)
        participation = _participation_claim(step, district, voter=voter, facts=facts)
        if participation is None:
            participation = _participation_to_change(voter, step, district, changeable)
        elif vote_settings_for(step).census_required:
            _census_attach(participation, census_code, voter=voter)
        pending_store(
            step=step,
            slot=pending_slots(participation.pk)[0],
            district=district,
            channel=Channel.ONLINE,
            choices=choices,
            references=ballot_references(participation.pk) if changeable else (),
        )
        draft_discard(voter=voter, step=step, district=district)
        lines = [(rules.proposals[c.proposal_id], c.points) for c in choices]
        transaction.on_commit(
            lambda: _announce(voter=voter, step=step, lines=lines, kind=rules.kind)
        )
    mix_when_due(step)


def ballot_submit_with_code(
    *, code: str, step: Step, choices: Sequence[vote_rules.Choice], district: District | None = None
) -> None:
    """Cast the one ballot a mailed voting code allows (no account; it cannot change).

    One code, one ballot: where the step has several scopes (the city-wide ballot and the
    districts'), the person casts it in the one they choose; a district-only vote needs a
    district."""
    _check_open(step)
    _check_scope(step, district)
    _checked_rules(step, district, choices)
    with transaction.atomic(durable=True):
        voting_code = (
            VotingCode.objects.select_for_update()
            .filter(step=step, code_hash=code_hash(code), used_at__isnull=True)
            .first()
        )
        if voting_code is None:
            raise BallotRefused(_("This code is unknown or already used."), code="code")
        _participation_claim(step, district, channel=Channel.CODE, voting_code=voting_code)
        _pending_anonymous(step, district, Channel.CODE, choices)
        voting_code.used_at = timezone.now()
        voting_code.save(update_fields=["used_at"])
        transaction.on_commit(lambda: _announce(voter=None, step=step, lines=[], kind=""))
    mix_when_due(step)


def paper_ballot_record(
    *,
    recorded_by: User,
    step: Step,
    choices: Sequence[vote_rules.Choice],
    district: District | None = None,
    census_code: str = "",
) -> None:
    """Staff enter one paper ballot: same rules, marked paper; the census code (required
    when the step asks for one) stops a person from voting twice in a scope, online and on
    paper. The audit trail records that `recorded_by` entered a paper ballot in this scope,
    never what it said. Entered after the close, it waits sealed until the publication."""
    _check_scope(step, district)
    _checked_rules(step, district, choices)
    with transaction.atomic(durable=True):
        # The step's row queues this entry behind a publication in progress (nothing may be
        # left pending once the results are counted).
        Step.objects.select_for_update().filter(pk=step.pk).values_list("pk").first()
        step.__dict__.pop("_vote_results_cache", None)
        if step.phase() is Phase.UPCOMING or results_for_step(step) is not None:
            raise BallotRefused(
                _("Paper ballots are entered during or after the vote."), code="closed"
            )
        census = (
            _census_for_paper(step, district, census_code)
            if census_code.strip() or vote_settings_for(step).census_required
            else None
        )
        _participation_claim(step, district, channel=Channel.PAPER, census=census)
        _pending_anonymous(step, district, Channel.PAPER, choices)
        audit_record(
            step,
            recorded_by,
            AuditAction.PAPER_BALLOT,
            {"scope": _scope_details(district), "census_code": census is not None},
        )
    mix_when_due(step)


def polling_station_open(
    *,
    step: Step,
    name: str,
    district: District | None,
    ballots_count: int,
    votes: dict[int, int],
    saved_by: User | None = None,
) -> PollingStation:
    """Add a polling station with its first totals (or give new totals to the station of that
    name): both or nothing, so refused totals leave no empty station behind."""
    name = name.strip()[:120]
    if not name:
        raise BallotRefused(_("Name the polling station."), code="name")
    _check_totals(step, ballots_count, votes)
    with transaction.atomic():
        station, _created = PollingStation.objects.get_or_create(
            organization_id=step.organization_id, step=step, name=name, district=district
        )
        paper_totals_save(
            station=station, ballots_count=ballots_count, votes=votes, saved_by=saved_by
        )
    return station


def paper_totals_save(
    *,
    station: PollingStation,
    ballots_count: int,
    votes: dict[int, int],
    saved_by: User | None = None,
) -> None:
    """Replace a polling station's totals (per proposal) and its number of ballots. The audit
    trail keeps the totals before and after (they are counts, not anyone's ballot)."""
    _check_totals(station.step, ballots_count, votes)
    with transaction.atomic():
        locked = PollingStation.objects.select_for_update().get(pk=station.pk)
        before = {
            "ballots_count": locked.ballots_count,
            "votes": _votes_details(
                PaperTotal.objects.filter(station=station).values_list("proposal_id", "votes")
            ),
        }
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
        audit_record(
            station.step,
            saved_by,
            AuditAction.STATION_TOTALS,
            {
                "station": station.pk,
                "name": station.name,
                "scope": _scope_details(station.district),
                "before": before,
                "after": {
                    "ballots_count": ballots_count,
                    "votes": _votes_details(votes.items()),
                },
            },
        )


def _check_totals(step: Step, ballots_count: int, votes: dict[int, int]) -> None:
    if results_for_step(step) is not None:
        raise BallotRefused(_("The results are published."), code="closed")
    if ballots_count < 0 or any(count < 0 for count in votes.values()):
        raise BallotRefused(_("Counts cannot be negative."), code="negative")
    allowed = set(
        Proposal.objects.filter(step__process_id=step.process_id).values_list("pk", flat=True)
    )
    if set(votes) - allowed:
        raise BallotRefused(_("A proposal is not on this ballot."), code="unknown")


def _votes_details(rows: Any) -> dict[str, int]:
    return {str(proposal_id): int(count) for proposal_id, count in rows if count}


def voting_codes_generate(
    *, step: Step, count: int, generated_by: User | None = None
) -> list[tuple[int, str]]:
    """Create `count` one-time codes; returns (number, code) pairs, the only time the codes
    exist in clear (for the CSV and the printable sheet). The audit trail records how many
    and their numbers, never the codes."""
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
        audit_record(
            step,
            generated_by,
            AuditAction.VOTING_CODES,
            {"count": count, "first": pairs[0][0], "last": pairs[-1][0]},
        )
    return pairs


def census_codes_import(
    *,
    step: Step,
    codes: Sequence[str],
    imported_by: User | None = None,
    source: str = "text",
    district: District | None = None,
) -> int:
    """Add census or invitation codes (one per person, of `district` when the census says
    where they live); returns how many were new. The audit trail records how many were sent
    and added (and whether typed or from a file, for which district), never the codes."""
    hashes = {code_hash(code) for code in codes if code.strip()}
    with transaction.atomic():
        known = set(
            CensusCode.objects.filter(step=step, code_hash__in=hashes).values_list(
                "code_hash", flat=True
            )
        )
        CensusCode.objects.bulk_create(
            CensusCode(
                organization_id=step.organization_id, step=step, code_hash=value, district=district
            )
            for value in sorted(hashes - known)
        )
        audit_record(
            step,
            imported_by,
            AuditAction.CENSUS_CODES,
            {
                "sent": len(hashes),
                "added": len(hashes - known),
                "source": source,
                **({"district": district.pk} if district is not None else {}),
            },
        )
    return len(hashes - known)


def _check_open(step: Step) -> None:
    if step.kind != "vote" or step.phase() is not Phase.CURRENT:
        raise BallotRefused(_("The vote is not open."), code="closed")


def _check_eligible(voter: User, step: Step, district: District | None) -> None:
    _check_scope(step, district)
    problem = eligibility.refusal(voter, step, district)
    if problem is not None:
        raise BallotRefused(problem.message, code=problem.code)


def _check_one_district(voter: User, step: Step, district: District | None) -> None:
    """Checked again inside the transaction, this voter's claims queued on their user row:
    two districts submitted at once would both pass the check made before."""
    if district is None or vote_settings_for(step).districts_several:
        return
    User.objects.select_for_update(no_key=True).filter(pk=voter.pk).values_list("pk").first()
    elsewhere = Participation.objects.filter(step=step, voter=voter, district__isnull=False)
    if elsewhere.exclude(district=district).exists():
        raise BallotRefused(
            _("You already voted in another district: each voter votes in one district."),
            code="one_district",
        )


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


def _census_attach(participation: Participation, code: str, *, voter: User) -> None:
    """Link a voter's new participation to their census code.

    A code stands for one person in the step: the first account that uses it holds it, and
    may use it again for its other scopes (the city-wide ballot and a district's); no other
    account can. An account that holds a code uses that one only (a second code would be
    somebody else's), and need not type it again. A code votes once per scope, online or
    on paper (`_census_for_paper`), which the participations' constraints also enforce.
    """
    step = participation.step
    # Queue this voter's claims one after the other (two scopes submitted at once with two
    # different codes). NO KEY: each such claim already holds a KEY SHARE lock on the user
    # row (its new participation's foreign key); two plain FOR UPDATE would deadlock on them.
    User.objects.select_for_update(no_key=True).filter(pk=voter.pk).values_list("pk").first()
    held = (
        Participation.objects.filter(step=step, voter=voter, census_code__isnull=False)
        .values_list("census_code_id", flat=True)
        .first()
    )
    if not code.strip() and held is None:
        raise BallotRefused(_("Enter your census code."), code="census_missing")
    census = _census_locked(step, code) if code.strip() else _census_locked_by_id(held)
    if census is None:
        raise BallotRefused(_("This census code is unknown or already used."), code="census")
    if held is not None and held != census.pk:
        raise BallotRefused(
            _("You already voted with another census code in this vote: enter that one."),
            code="census_other",
        )
    uses = Participation.objects.filter(census_code=census).exclude(pk=participation.pk)
    if uses.filter(voter__isnull=False).exclude(voter=voter).exists():
        raise BallotRefused(_("This census code is unknown or already used."), code="census")
    settings = vote_settings_for(step)
    problem = eligibility.census_district_refusal(
        settings, census.district_id, participation.district
    )
    if problem is not None:
        raise BallotRefused(problem.message, code=problem.code)
    _census_check_scope(census, participation.district)
    participation.census_code = census
    fields = ["census_code"]
    if settings.residence_proof == ResidenceProof.CENSUS:
        participation.home_district_id = census.district_id
        fields.append("home_district")
    participation.save(update_fields=fields)


def _census_for_paper(step: Step, district: District | None, code: str) -> CensusCode:
    """The census code written on a paper ballot: known, and not yet voted in this scope
    (online or on paper). Its holder may have voted in another scope."""
    if not code.strip():
        raise BallotRefused(_("Enter your census code."), code="census_missing")
    census = _census_locked(step, code)
    if census is None:
        raise BallotRefused(_("This census code is unknown or already used."), code="census")
    _census_check_scope(census, district)
    return census


def _census_locked(step: Step, code: str) -> CensusCode | None:
    """The code, locked: the uses of one code are checked one after the other."""
    census: CensusCode | None = (
        CensusCode.objects.select_for_update().filter(step=step, code_hash=code_hash(code)).first()
    )
    return census


def _census_locked_by_id(pk: int | None) -> CensusCode | None:
    census: CensusCode | None = CensusCode.objects.select_for_update().filter(pk=pk).first()
    return census


def _census_check_scope(census: CensusCode, district: District | None) -> None:
    if Participation.objects.filter(census_code=census, district=district).exists():
        raise BallotRefused(
            _("This census code has already voted for this ballot."), code="census_used"
        )
    if census.used_at is None:
        census.used_at = timezone.now()
        census.save(update_fields=["used_at"])


def _scope_details(district: District | None) -> dict[str, Any]:
    if district is None:
        return {"district": None}
    return {"district": district.pk, "name": district.name}


def audit_record(step: Step, actor: User | None, action: str, details: dict[str, Any]) -> None:
    """One line of the staff actions' audit trail, in the transaction of the action itself."""
    AuditEntry.objects.create(
        organization_id=step.organization_id,
        step=step,
        actor=actor,
        action=action,
        details=details,
    )
    # The operator's log too (core.logs adds the request, organisation and user ids).
    logger.info(
        "voting: %s", action, extra={"event": action, "step_id": step.pk, "details": details}
    )


def _participation_claim(
    step: Step,
    district: District | None,
    *,
    voter: User | None = None,
    channel: str = Channel.ONLINE,
    census: CensusCode | None = None,
    voting_code: VotingCode | None = None,
    facts: eligibility.VoterFacts | None = None,
) -> Participation | None:
    """Record that this voter (or code, or paper ballot) voted here; None when the voter
    already had: the unique constraint decides, which holds under any concurrency."""
    try:
        # A savepoint: the duplicate leaves the outer transaction usable.
        with transaction.atomic():
            return Participation.objects.create(
                organization_id=step.organization_id,
                step=step,
                district=district,
                voter=voter,
                channel=channel,
                census_code=census,
                voting_code=voting_code,
                voted_at=timezone.now(),
                year_of_birth=facts.year_of_birth if facts else None,
                home_district_id=facts.home_district_id if facts else None,
            )
    except IntegrityError:
        if voter is None:  # a one-time code or a census code met twice: not a change
            raise BallotRefused(_("You have already voted."), code="already_voted") from None
        return None


def _participation_to_change(
    voter: User, step: Step, district: District | None, changeable: bool
) -> Participation:
    """The voter's participation, if their ballot may change and is still linked to them:
    waiting in the pending store, or counted with their reference."""
    if not changeable:
        raise BallotRefused(_("You have already voted."), code="already_voted")
    participation = Participation.objects.get(voter=voter, step=step, district=district)
    linked = PendingBallot.objects.filter(slot__in=pending_slots(participation.pk)).exists() or (
        Ballot.objects.filter(reference__in=ballot_references(participation.pk)).exists()
    )
    if not linked:  # cast while the step did not allow changes: it is unlinked for good
        raise BallotRefused(_("You have already voted."), code="already_voted")
    return participation


def _pending_anonymous(
    step: Step,
    district: District | None,
    channel: str,
    choices: Sequence[vote_rules.Choice],
) -> None:
    """A code or paper ballot: it never changes, so its slot is random (nothing finds it)."""
    pending_store(
        step=step, slot=secrets.token_hex(32), district=district, channel=channel, choices=choices
    )


def _announce(**kwargs: Any) -> None:
    """Tell the apps above that a ballot is stored. It already is: a receiver that fails (a
    mail server down) is logged and must not turn an acknowledged ballot into an error page."""
    for receiver, error in ballot_submitted.send_robust(sender=Ballot, **kwargs):
        if isinstance(error, Exception):
            logger.error("after a ballot: %r failed", receiver, exc_info=error)
