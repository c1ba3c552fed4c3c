"""Eligibility that cannot be gamed: frozen at the voter's first ballot, one district per
voter unless allowed, residence proved by the profile, a census code or a staff check, and
the vote page saying which proof it asks for. Refusals are compared by code."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Process, Step
from tessera.voting.ballot_rules import Choice
from tessera.voting.labels import proof_sentence
from tessera.voting.models import Participation, ResidenceCheck
from tessera.voting.services import BallotRefused, ballot_submit, census_codes_import
from tests.factories import DistrictFactory
from tests.voting.conftest import eligible, settings_of, vote_step_in, vote_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_district(organization: Organization) -> District:
    return DistrictFactory(organization=organization, name="Le Port", slug="le-port")


def district_vote(process: Process, **settings: object) -> Step:
    return vote_step_in(process, "during", kind="approval", budget=None, **settings)


def refusal_code(voter: User, step: Step, choices: list[Choice], **kwargs: object) -> str | None:
    try:
        ballot_submit(voter=voter, step=step, choices=choices, **kwargs)  # type: ignore[arg-type]
    except BallotRefused as refusal:
        return refusal.code
    return None


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def options(
    collect_step: Step, theme: Theme, district: District, other_district: District
) -> dict[str, Choice]:
    return {
        "city": Choice(eligible(collect_step, theme, 10).pk),
        "here": Choice(eligible(collect_step, theme, 10, district=district).pk),
        "there": Choice(eligible(collect_step, theme, 10, district=other_district).pk),
    }


def test_the_age_and_district_of_the_first_ballot_hold_whatever_the_profile_says(
    voter: User,
    process: Process,
    district: District,
    other_district: District,
    options: dict[str, Choice],
) -> None:
    step = district_vote(
        process, scope="both", min_age=16, residence_required=True, districts_several=True
    )
    User.objects.filter(pk=voter.pk).update(year_of_birth=2000, district=district)
    assert refusal_code(fresh(voter), step, [options["city"]]) is None
    assert Participation.objects.values_list("year_of_birth", "home_district_id").get() == (
        2000,
        district.pk,
    )
    # During the vote, the profile says younger and elsewhere: the first ballot's facts hold.
    User.objects.filter(pk=voter.pk).update(year_of_birth=2020, district=other_district)
    assert refusal_code(fresh(voter), step, [options["here"]], district=district) is None
    assert (
        refusal_code(fresh(voter), step, [options["there"]], district=other_district) == "residence"
    )


def test_an_underage_voter_is_refused_by_code(
    voter: User, process: Process, options: dict[str, Choice]
) -> None:
    step = district_vote(process, min_age=16)
    User.objects.filter(pk=voter.pk).update(year_of_birth=2020)
    assert refusal_code(fresh(voter), step, [options["city"]]) == "age"


@pytest.mark.parametrize("several", [False, True])
def test_a_district_vote_lets_a_voter_vote_in_one_district_unless_allowed(
    several: bool,
    voter: User,
    process: Process,
    district: District,
    other_district: District,
    options: dict[str, Choice],
) -> None:
    step = district_vote(process, scope="district", districts_several=several)
    assert refusal_code(voter, step, [options["here"]], district=district) is None
    second = refusal_code(fresh(voter), step, [options["there"]], district=other_district)
    assert second == (None if several else "one_district")
    assert (
        refusal_code(fresh(voter), step, [options["here"]], district=district) is None
    )  # a change


def test_residence_checked_by_staff(
    voter: User, manager: User, process: Process, district: District, options: dict[str, Choice]
) -> None:
    step = district_vote(
        process, scope="district", residence_required=True, residence_proof="staff"
    )
    User.objects.filter(pk=voter.pk).update(district=district)  # declared: not enough here
    assert refusal_code(fresh(voter), step, [options["here"]], district=district) == "residence"
    ResidenceCheck.objects.create(
        organization=voter.organization, user=voter, district=district, checked_by=manager
    )
    assert refusal_code(fresh(voter), step, [options["here"]], district=district) is None


def test_residence_proved_by_the_census_code(
    voter: User,
    process: Process,
    district: District,
    other_district: District,
    options: dict[str, Choice],
) -> None:
    step = district_vote(
        process,
        scope="district",
        residence_required=True,
        residence_proof="census",
        census_required=True,
    )
    census_codes_import(step=step, codes=["GARE-0001"], district=district)
    code = refusal_code(
        voter, step, [options["there"]], district=other_district, census_code="GARE-0001"
    )
    assert code == "residence"
    assert (
        refusal_code(
            fresh(voter), step, [options["here"]], district=district, census_code="GARE-0001"
        )
        is None
    )
    assert Participation.objects.get().home_district == district


@pytest.mark.parametrize("proof", ["profile", "census", "staff"])
def test_the_vote_page_says_which_proof_of_residence_it_asks_for(
    proof: str,
    client: Client,
    voter: User,
    process: Process,
    district: District,
    options: dict[str, Choice],
) -> None:
    step = district_vote(process, scope="district", residence_required=True, residence_proof=proof)
    client.force_login(voter)
    page = client.get(vote_url(step) + f"?scope={district.slug}")
    assert page.status_code == 200
    assert proof_sentence(settings_of(step)) in page.text.replace("&#x27;", "'").replace("’", "’")


def test_a_deleted_account_keeps_that_it_voted_but_not_its_eligibility(
    voter: User, manager: User, process: Process, district: District, options: dict[str, Choice]
) -> None:
    from tessera.accounts.services import account_delete

    step = district_vote(process, min_age=16)
    User.objects.filter(pk=voter.pk).update(year_of_birth=2000, district=district)
    ballot_submit(voter=fresh(voter), step=step, choices=[options["city"]])
    ResidenceCheck.objects.create(
        organization=voter.organization, user=voter, district=district, checked_by=manager
    )
    account_delete(user=fresh(voter))
    assert Participation.objects.values_list("year_of_birth", "home_district").get() == (None, None)
    assert not ResidenceCheck.objects.exists()
