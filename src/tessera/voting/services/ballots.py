"""Drafts and ballots: online (with an account), and with a mailed voting code.

Each service is one short transaction. A ballot is validated with the same pure rules the
vote page shows (`voting.rules.validate_ballot`), whatever the client sent.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.voting import ballot_rules as vote_rules
from tessera.voting import eligibility
from tessera.voting.mixing import mix_when_due, pending_store
from tessera.voting.models import (
    Ballot,
    BallotDraft,
    CensusCode,
    Channel,
    Participation,
    PendingBallot,
    VotingCode,
)
from tessera.voting.secrecy import ballot_references, pending_slots
from tessera.voting.selectors import (
    vote_settings_for,
)
from tessera.voting.services.codes import census_attach
from tessera.voting.services.common import (
    BallotRefused,
    check_open,
    check_scope,
    checked_rules,
    code_hash,
)
from tessera.voting.signals import ballot_submitted

logger = logging.getLogger(__name__)


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
    check_open(step)
    _check_eligible(voter, step, district)
    rules = checked_rules(step, district, choices)
    changeable = vote_settings_for(step).ballot_changeable
    # Durable: the voter's transaction commits on its own, before and apart from any mix.
    facts = eligibility.voter_facts(voter, step)
    with transaction.atomic(durable=True):
        _check_one_district(voter, step, district)
        participation = participation_claim(step, district, voter=voter, facts=facts)
        if participation is None:
            participation = _participation_to_change(voter, step, district, changeable)
        elif vote_settings_for(step).census_required:
            census_attach(participation, census_code, voter=voter)
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
    check_open(step)
    check_scope(step, district)
    checked_rules(step, district, choices)
    with transaction.atomic(durable=True):
        voting_code = (
            VotingCode.objects.select_for_update()
            .filter(step=step, code_hash=code_hash(code), used_at__isnull=True)
            .first()
        )
        if voting_code is None:
            raise BallotRefused(_("This code is unknown or already used."), code="code")
        participation_claim(step, district, channel=Channel.CODE, voting_code=voting_code)
        pending_anonymous(step, district, Channel.CODE, choices)
        voting_code.used_at = timezone.now()
        voting_code.save(update_fields=["used_at"])
        transaction.on_commit(lambda: _announce(voter=None, step=step, lines=[], kind=""))
    mix_when_due(step)


def _check_eligible(voter: User, step: Step, district: District | None) -> None:
    check_scope(step, district)
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


def participation_claim(
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


def pending_anonymous(
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
