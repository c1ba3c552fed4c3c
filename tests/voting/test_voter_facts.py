"""A vote that needs a year of birth or a district asks for it on the vote page, with the
reason, instead of sending the resident to hunt for it in the profile; it fills what is
missing, never changes what is given, and nothing once a ballot froze the facts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import User
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Process, Step
from tessera.voting.ballot_rules import Choice
from tessera.voting.services import ballot_submit
from tests.factories import DistrictFactory, OrganizationFactory
from tests.voting.conftest import eligible, vote_step_in, vote_url

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def facts_url(step: Step) -> str:
    return vote_url(step, "about-you")


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def age_vote(process: Process, collect_step: Step, theme: Theme) -> Step:
    eligible(collect_step, theme, 10)
    return vote_step_in(process, "during", kind="approval", budget=None, min_age=16)


@pytest.fixture
def voter_client(client: Client, voter: User) -> Client:
    User.objects.filter(pk=voter.pk).update(year_of_birth=None, district=None)
    client.force_login(voter)
    return client


def test_the_vote_page_asks_the_year_of_birth_with_its_reason(
    voter_client: Client, voter: User, age_vote: Step
) -> None:
    page = voter_client.get(vote_url(age_vote), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "Ce vote est ouvert à partir de 16 ans : indiquez votre année de naissance." in page
    assert 'name="year_of_birth"' in page

    response = voter_client.post(facts_url(age_vote), {"year_of_birth": "1990"})

    assert response.status_code == 302
    assert response["Location"] == vote_url(age_vote)
    assert fresh(voter).year_of_birth == 1990
    after = voter_client.get(vote_url(age_vote), HTTP_ACCEPT_LANGUAGE="fr").text
    assert 'name="year_of_birth"' not in after
    assert "Vous ne pouvez pas voter" not in after
    assert fresh(voter).has_perm("voting.vote", age_vote)


def test_a_bad_year_is_refused_next_to_the_field_and_kept(
    voter_client: Client, voter: User, age_vote: Step
) -> None:
    response = voter_client.post(
        facts_url(age_vote), {"year_of_birth": "3000"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 400
    assert 'id="id_year_of_birth_error"' in response.text
    assert f"inférieure ou égale à {THIS_YEAR}" in response.text
    assert 'value="3000"' in response.text
    assert fresh(voter).year_of_birth is None


def test_a_too_young_voter_is_told_why_after_giving_the_year(
    voter_client: Client, voter: User, age_vote: Step
) -> None:
    voter_client.post(facts_url(age_vote), {"year_of_birth": str(THIS_YEAR - 10)})
    page = voter_client.get(vote_url(age_vote), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "Ce vote est ouvert à partir de 16 ans." in page
    assert not fresh(voter).has_perm("voting.vote", age_vote)


def test_a_year_already_given_is_not_changed_here(
    voter_client: Client, voter: User, age_vote: Step
) -> None:
    User.objects.filter(pk=voter.pk).update(year_of_birth=THIS_YEAR - 10)
    page = voter_client.get(vote_url(age_vote)).text
    assert 'name="year_of_birth"' not in page
    response = voter_client.post(facts_url(age_vote), {"year_of_birth": "1990"})
    assert response.status_code == 302
    assert fresh(voter).year_of_birth == THIS_YEAR - 10


def test_nothing_is_asked_once_a_ballot_froze_the_facts(
    voter_client: Client, voter: User, age_vote: Step, collect_step: Step, theme: Theme
) -> None:
    User.objects.filter(pk=voter.pk).update(year_of_birth=1990)
    option = eligible(collect_step, theme, 10)
    ballot_submit(voter=fresh(voter), step=age_vote, choices=[Choice(option.pk)])
    User.objects.filter(pk=voter.pk).update(year_of_birth=None)  # removed from the profile
    voter_client.post(facts_url(age_vote), {"year_of_birth": str(THIS_YEAR - 10)})
    assert fresh(voter).year_of_birth is None
    assert 'name="year_of_birth"' not in voter_client.get(vote_url(age_vote)).text


def test_a_district_ballot_asks_the_district_among_the_steps_own(
    voter_client: Client,
    voter: User,
    process: Process,
    collect_step: Step,
    theme: Theme,
    district: District,
    organization: Organization,
) -> None:
    eligible(collect_step, theme, 10, district=district)
    step = vote_step_in(
        process, "during", kind="approval", budget=None, scope="district", residence_required=True
    )
    elsewhere = DistrictFactory(organization=OrganizationFactory(), slug="ailleurs")
    url = vote_url(step) + f"?scope={district.slug}"
    page = voter_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").text
    assert "dites lequel est le vôtre" in page
    assert 'name="district"' in page

    forged = voter_client.post(facts_url(step), {"scope": district.slug, "district": elsewhere.pk})
    assert forged.status_code == 400
    assert fresh(voter).district_id is None

    response = voter_client.post(facts_url(step), {"scope": district.slug, "district": district.pk})
    assert response.status_code == 302
    assert response["Location"] == url
    assert fresh(voter).district_id == district.pk
    assert fresh(voter).has_perm("voting.vote", step)


def test_only_a_signed_in_voter_during_the_vote_may_post(
    client: Client, voter: User, process: Process
) -> None:
    closed = vote_step_in(process, "after", kind="approval", budget=None, min_age=16)
    assert client.post(facts_url(closed), {"year_of_birth": "1990"}).status_code == 302  # login
    User.objects.filter(pk=voter.pk).update(year_of_birth=None)
    client.force_login(voter)
    assert client.post(facts_url(closed), {"year_of_birth": "1990"}).status_code == 403
    assert fresh(voter).year_of_birth is None
