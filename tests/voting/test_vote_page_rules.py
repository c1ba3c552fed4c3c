"""The vote page states the step's rules up front and, to a voter who may not vote, why."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import User
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting.models import ThemeQuota
from tests.conftest import make_user
from tests.factories import DistrictFactory
from tests.voting.conftest import eligible, settings_of, vote_step_in, vote_url

pytestmark = pytest.mark.django_db

CANNOT = "Vous ne pouvez pas voter à cette étape."
ADD = "Ajouter à mon bulletin"


def page_of(client: Client, user: User | None, step: Step, **params: str) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(vote_url(step), params, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    return response.text


def rules_of(text: str) -> str:
    start = text.index('class="vote-rules"')
    return text[start : text.index("</section>", start)]


def born(years_ago: int) -> int:
    return timezone.localdate().year - years_ago


def test_a_budget_vote_states_its_envelope_and_limits(
    client: Client, process: Process, proposals: list[Proposal], theme: Theme
) -> None:
    step = vote_step_in(
        process,
        "during",
        min_choices=2,
        max_choices=4,
        min_spend_percent=50,
        min_age=16,
        ballot_changeable=False,
    )
    ThemeQuota.objects.create(
        organization=step.organization, settings=settings_of(step), theme=theme, max_choices=2
    )
    rules = rules_of(page_of(client, None, step))
    assert "coût total ne dépasse pas 100\u202f000\u00a0€" in rules
    assert "Choisissez entre 2 et 4 projets." in rules
    assert "Dépensez au moins 50\u202f000\u00a0€ de l’enveloppe." in rules
    assert "Choisissez au plus 2 projets dans le thème « Nature en ville »" in rules
    assert "adresse e-mail vérifiée" in rules
    assert "Ce vote est ouvert à partir de 16 ans." in rules
    assert "ne peut plus être modifié" in rules


def test_a_points_vote_states_its_points_and_the_cap(
    client: Client, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(
        process,
        "during",
        kind="points",
        points=10,
        max_points_per_proposal=4,
        budget=None,
        ballot_changeable=True,
        census_required=True,
    )
    rules = rules_of(page_of(client, None, step))
    assert "répartissez 10 points entre les projets" in rules
    assert "Au plus 4 points par projet" in rules
    assert "code de recensement ou d’invitation vous est demandé" in rules
    assert "modifier votre bulletin jusqu’à la clôture" in rules


def test_a_ranked_vote_and_an_approval_vote_say_what_to_do(
    client: Client, process: Process, proposals: list[Proposal]
) -> None:
    ranked = vote_step_in(process, "during", kind="ranked", min_choices=3, max_choices=3)
    rules = rules_of(page_of(client, None, ranked))
    assert "classez les projets que vous préférez" in rules
    assert "Choisissez exactement 3 projets." in rules
    approval = vote_step_in(process, "during", kind="approval", budget=None, max_choices=2)
    rules = rules_of(page_of(client, None, approval))
    assert "choisissez les projets que vous soutenez" in rules
    assert "Choisissez au plus 2 projets" in rules


def test_a_district_vote_states_the_residence_rule(
    client: Client, process: Process, district: District
) -> None:
    step = vote_step_in(process, "during", scope="district", residence_required=True)
    assert "réservé à ses habitants" in rules_of(page_of(client, None, step, scope="la-gare"))


def test_a_voter_who_may_vote_reads_no_refusal(
    client: Client, voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    text = page_of(client, voter, vote_step)
    assert CANNOT not in text
    assert ADD in text


def test_an_unverified_voter_is_told_to_verify_their_address(
    client: Client, unverified_resident: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    text = page_of(client, unverified_resident, vote_step)
    assert CANNOT in text
    assert "Vérifiez votre adresse e-mail pour voter." in text
    assert "voir les conditions ci-dessus" not in text
    assert ADD not in text


def test_a_voter_under_the_minimum_age_is_told_the_age(
    client: Client, organization: Organization, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", min_age=16)
    text = page_of(client, make_user(organization, year_of_birth=born(12)), step)
    assert CANNOT in text
    assert "Ce vote est ouvert à partir de 16 ans." in text.split('class="basket"')[1]
    assert ADD not in text


def test_a_voter_without_a_year_of_birth_is_asked_for_it(
    client: Client, organization: Organization, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", min_age=16)
    text = page_of(client, make_user(organization, year_of_birth=None), step)
    assert "indiquez votre année de naissance" in text  # on the page: see test_voter_facts
    assert 'name="year_of_birth"' in text
    assert ADD not in text


def test_a_voter_of_another_district_is_told_they_vote_where_they_live(
    client: Client,
    organization: Organization,
    process: Process,
    collect_step: Step,
    theme: Theme,
    district: District,
) -> None:
    step = vote_step_in(process, "during", scope="district", residence_required=True)
    eligible(collect_step, theme, 10, district=district, title="Un banc à la gare")
    elsewhere = DistrictFactory(organization=organization, name="Le Port", slug="le-port")
    outsider = make_user(organization, district=elsewhere)
    text = page_of(client, outsider, step, scope="la-gare")
    assert CANNOT in text
    assert "Vous ne pouvez voter que dans votre quartier de résidence" in text
    assert ADD not in text
    resident = make_user(organization, district=district)
    text = page_of(Client(), resident, step, scope="la-gare")
    assert CANNOT not in text
    assert ADD in text


def test_a_district_vote_without_a_district_asks_for_one(
    client: Client, voter: User, process: Process
) -> None:
    step = vote_step_in(process, "during", scope="district")
    text = page_of(client, voter, step)
    assert "Choisissez le quartier où vous votez." in text
    assert CANNOT not in text


def test_no_refusal_is_shown_once_the_vote_is_closed(
    client: Client, unverified_resident: User, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "after")
    text = page_of(client, unverified_resident, step)
    assert CANNOT not in text
    assert "badge-past" in text
