"""Who may vote, written once: the service that stores a ballot, the vote page that says why
not before a basket is filled, and the `voting.vote` permission all ask `refusal`.

What decides is frozen at the voter's first ballot of the step (`VoterFacts`, kept on their
participation): the year of birth and the district they live in, proved as the step asks
(`ResidenceProof`: the profile, the census code's district, or a staff check). Editing the
profile during the vote changes nothing. A district vote lets a voter cast one district's
ballot only, unless the organiser allows several.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.voting import ballot_rules as vote_rules
from tessera.voting.models import Participation, ResidenceCheck, ResidenceProof, VoteSettings
from tessera.voting.selectors import vote_settings_for


@dataclass(frozen=True)
class Refusal:
    code: str  # "unverified", "organization", "age", "residence", "one_district"
    message: str


@dataclass(frozen=True)
class VoterFacts:
    """What decides a voter's eligibility in one step, and the districts they voted in."""

    year_of_birth: int | None
    home_district_id: int | None
    voted_districts: frozenset[int]
    frozen: bool  # taken from their first ballot (not from the profile)


def voter_facts(voter: Any, step: Step) -> VoterFacts:
    """The facts of the voter's first ballot of the step, else those of their profile and the
    step's proof of residence. Kept on the user object for the rest of the request."""
    cache: dict[int, VoterFacts] = voter.__dict__.setdefault("_vote_facts", {})
    if step.pk in cache:
        return cache[step.pk]
    rows = list(
        Participation.objects.filter(step=step, voter=voter)
        .order_by("voted_at", "pk")
        .values_list("year_of_birth", "home_district_id", "district_id")
    )
    voted = frozenset(district for _year, _home, district in rows if district is not None)
    if rows:
        facts = VoterFacts(rows[0][0], rows[0][1], voted, frozen=True)
    else:
        home = proven_home_district(voter, vote_settings_for(step))
        facts = VoterFacts(voter.year_of_birth, home, voted, frozen=False)
    cache[step.pk] = facts
    return facts


def missing_facts(voter: Any, step: Step, district: District | None) -> list[str]:
    """What the vote page asks a voter before they vote, the step needing it and their
    profile lacking it: the year of birth where an age limit applies, the district they live
    in for a district's ballot where the profile proves residence. Nothing once a first
    ballot froze the facts, and never a change: a fact given is changed in the profile."""
    if not voter.is_authenticated:
        return []
    facts = voter_facts(voter, step)
    if facts.frozen:
        return []
    settings = vote_settings_for(step)
    missing = []
    if settings.min_age is not None and facts.year_of_birth is None:
        missing.append("year_of_birth")
    if (
        district is not None
        and settings.residence_required
        and settings.residence_proof == ResidenceProof.PROFILE
        and facts.home_district_id is None
    ):
        missing.append("district")
    return missing


def proven_home_district(voter: Any, settings: VoteSettings) -> int | None:
    """Where the voter lives, as this step asks it to be proved. A census code's district is
    known only once the code is typed: `census_district_refusal` checks it then."""
    if settings.residence_proof == ResidenceProof.STAFF:
        check = ResidenceCheck.objects.filter(user=voter).values_list("district_id", flat=True)
        return check.first()
    if settings.residence_proof == ResidenceProof.CENSUS:
        return None
    district_id: int | None = voter.district_id
    return district_id


def refusal(voter: Any, step: Step, district: District | None) -> Refusal | None:
    """Why this signed-in voter may not cast this ballot (the step is open, the district is
    one of the step's), or None."""
    if not (voter.is_active and voter.email_verified):
        return Refusal("unverified", gettext("Verify your e-mail address to vote."))
    if voter.organization_id != step.organization_id:
        return Refusal("organization", gettext("The vote is not open."))
    settings = vote_settings_for(step)
    if settings.min_age is None and district is None:
        return None  # nothing about the voter to read (the permission's usual question)
    facts = voter_facts(voter, step)
    problem = vote_rules.eligibility_problem(
        year_of_birth=facts.year_of_birth,
        home_district_id=facts.home_district_id,
        ballot_district_id=None,
        min_age=settings.min_age,
        residence_required=False,
        this_year=timezone.localdate().year,
    )
    if problem:
        return Refusal("age", problem)
    if district is None:
        return None
    others = facts.voted_districts - {district.pk}
    if others and not settings.districts_several:
        return Refusal(
            "one_district",
            gettext("You already voted in another district: each voter votes in one district."),
        )
    proved_later = settings.residence_proof == ResidenceProof.CENSUS  # with the code
    if settings.residence_required and not proved_later and facts.home_district_id != district.pk:
        return Refusal("residence", residence_message(settings))
    return None


def census_district_refusal(
    settings: VoteSettings, code_district_id: int | None, district: District | None
) -> Refusal | None:
    """Where residence is proved by the census code: the code's district must be the one
    voted in."""
    if not (settings.residence_required and settings.residence_proof == ResidenceProof.CENSUS):
        return None
    if district is None or code_district_id == district.pk:
        return None
    return Refusal("residence", residence_message(settings))


def residence_message(settings: VoteSettings) -> str:
    if settings.residence_proof == ResidenceProof.STAFF:
        return gettext(
            "You can vote only in the district you live in, as checked by the town's staff: "
            "ask them to check your address."
        )
    if settings.residence_proof == ResidenceProof.CENSUS:
        return gettext("Your census code is for another district: vote in the district it is for.")
    return gettext("You can vote only in the district you live in (see your profile).")
