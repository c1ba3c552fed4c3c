"""Voting codes (one ballot without an account) and census codes (one person, one ballot per
scope of the step, online or on paper)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.voting import eligibility
from tessera.voting.models import (
    AuditAction,
    CensusCode,
    Participation,
    ResidenceProof,
    VotingCode,
)
from tessera.voting.selectors import (
    vote_settings_for,
)
from tessera.voting.services.common import (
    BallotRefused,
    audit_record,
    code_hash,
    code_new,
)


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


def census_attach(participation: Participation, code: str, *, voter: User) -> None:
    """Link a voter's new participation to their census code.

    A code stands for one person in the step: the first account that uses it holds it, and
    may use it again for its other scopes (the city-wide ballot and a district's); no other
    account can. An account that holds a code uses that one only (a second code would be
    somebody else's), and need not type it again. A code votes once per scope, online or
    on paper (`census_for_paper`), which the participations' constraints also enforce.
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


def census_for_paper(step: Step, district: District | None, code: str) -> CensusCode:
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
