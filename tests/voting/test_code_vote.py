"""Voting with a mailed one-time code (no account): the person picks the ballot they vote in
(district, or the city-wide one), sees the envelope, the limits and the costs, and gets the
form back with everything they ticked when something is wrong. One code, one ballot."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting.models import Ballot, Participation, VotingCode
from tessera.voting.services import voting_codes_generate
from tests.factories import DistrictFactory
from tests.voting.conftest import eligible, vote_step_in, vote_url

pytestmark = pytest.mark.django_db

MONEY = "\u202f"  # French thousands separator
EURO = "\u00a0€"


@pytest.fixture
def port(organization: Organization) -> District:
    return DistrictFactory(organization=organization, name="Le Port", slug="le-port")


@pytest.fixture
def gare_projects(collect_step: Step, theme: Theme, district: District) -> list[Proposal]:
    return [
        eligible(collect_step, theme, cost, title=f"Gare {cost}", district=district)
        for cost in (6000, 3000)
    ]


@pytest.fixture
def port_project(collect_step: Step, theme: Theme, port: District) -> Proposal:
    return eligible(collect_step, theme, 4000, title="Port 4000", district=port)


@pytest.fixture
def city_project(collect_step: Step, theme: Theme) -> Proposal:
    return eligible(collect_step, theme, 20_000, title="Ville 20000")


def code_for(step: Step) -> str:
    [(_serial, code)] = voting_codes_generate(step=step, count=1)
    return code


def get(client: Client, step: Step, scope: str = "") -> Any:
    query = f"?scope={scope}" if scope else ""
    return client.get(vote_url(step, "code") + query, HTTP_ACCEPT_LANGUAGE="fr")


def post(client: Client, step: Step, **data: Any) -> Any:
    return client.post(vote_url(step, "code"), data, HTTP_ACCEPT_LANGUAGE="fr")


def test_a_district_vote_asks_for_the_district_then_shows_its_ballot(
    client: Client,
    process: Process,
    district: District,
    port: District,
    gare_projects: list[Proposal],
    port_project: Proposal,
) -> None:
    step = vote_step_in(process, "during", scope="district", budget=8000)
    page = get(client, step).content.decode()
    assert 'name="scope"' in page
    assert "La Gare" in page
    assert "Le Port" in page
    assert "Choisissez le quartier où vous votez." in page
    assert 'name="choice"' not in page
    page = get(client, step, "la-gare").content.decode()
    assert "Gare 6000" in page
    assert "Port 4000" not in page
    assert f"6{MONEY}000{EURO}" in page  # costs as French money, not "6000 €"
    assert f"Enveloppe : 8{MONEY}000{EURO}" in page
    assert '<input type="hidden" name="scope" value="la-gare">' in page


def test_a_code_casts_a_district_ballot(
    client: Client,
    process: Process,
    district: District,
    gare_projects: list[Proposal],
    port_project: Proposal,
) -> None:
    step = vote_step_in(process, "during", scope="district", budget=8000)
    code = code_for(step)
    response = post(client, step, code=code, scope="la-gare", choice=[gare_projects[0].pk])
    assert response.status_code == 200
    assert "Merci" in response.content.decode()
    ballot = Ballot.objects.get()
    assert (ballot.district, ballot.channel) == (district, "code")
    assert Participation.objects.get().district == district
    assert VotingCode.objects.get().used_at is not None


def test_without_a_district_a_district_vote_says_to_choose_one(
    client: Client, process: Process, gare_projects: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", scope="district", budget=8000)
    code = code_for(step)
    response = post(client, step, code=code, choice=[gare_projects[0].pk])
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choisissez le quartier où vous votez." in page
    assert "Choisissez au moins 1 projet" not in page
    assert not Ballot.objects.exists()
    assert VotingCode.objects.get().used_at is None


def test_in_both_scopes_a_code_casts_one_ballot_in_the_scope_chosen(
    client: Client,
    process: Process,
    district: District,
    gare_projects: list[Proposal],
    city_project: Proposal,
) -> None:
    step = vote_step_in(process, "during", scope="both", budget=30_000)
    city_page = get(client, step).content.decode()
    assert "Ville 20000" in city_page
    assert "Gare 6000" not in city_page
    assert "Projets de toute la ville" in city_page
    district_page = get(client, step, "la-gare").content.decode()
    assert "Gare 6000" in district_page
    assert "Ville 20000" not in district_page
    code = code_for(step)
    done = post(client, step, code=code, scope="la-gare", choice=[gare_projects[1].pk])
    assert done.status_code == 200
    assert Ballot.objects.get().district == district
    # The same code for the city-wide ballot: one code, one ballot.
    again = post(client, step, code=code, choice=[city_project.pk])
    assert again.status_code == 400
    assert "inconnu ou déjà utilisé" in again.content.decode()
    assert Ballot.objects.count() == 1
    # Another code casts the city-wide one.
    assert post(client, step, code=code_for(step), choice=[city_project.pk]).status_code == 200
    assert set(Ballot.objects.values_list("district", flat=True)) == {None, district.pk}


def test_errors_keep_every_ticked_choice_the_code_and_the_scope(
    client: Client, process: Process, district: District, gare_projects: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", scope="district", budget=8000)
    code = code_for(step)
    ticked = [p.pk for p in gare_projects]  # 9 000 € on an 8 000 € envelope
    response = post(client, step, code=code, scope="la-gare", choice=ticked)
    assert response.status_code == 400
    page = response.content.decode()
    assert f"dépasse l’enveloppe de 1{MONEY}000{EURO}" in page.replace("&#x27;", "’").replace(
        "'", "’"
    )
    for proposal in gare_projects:
        assert f'value="{proposal.pk}" checked' in page
    assert f'value="{code}"' in page
    assert '<input type="hidden" name="scope" value="la-gare">' in page
    assert f"9{MONEY}000{EURO} sur 8{MONEY}000{EURO}" in page
    assert not Ballot.objects.exists()


def test_an_unknown_code_keeps_the_choices(
    client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    response = post(client, vote_step, code="NOPE-NOPE-NOPE", choice=[proposals[2].pk])
    assert response.status_code == 400
    page = response.content.decode()
    assert "inconnu ou déjà utilisé" in page
    assert f'value="{proposals[2].pk}" checked' in page
    assert 'value="NOPE-NOPE-NOPE"' in page


def test_checking_the_selection_uses_no_code_and_shows_the_total(
    client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    code = code_for(vote_step)
    response = post(
        client, vote_step, action="check", code=code, choice=[proposals[1].pk, proposals[3].pk]
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "respecte les règles de ce bulletin" in page
    assert f"40{MONEY}000{EURO} sur 100{MONEY}000{EURO}" in page
    assert f'value="{code}"' in page
    assert "Ce champ est obligatoire" not in page
    assert not Ballot.objects.exists()
    assert VotingCode.objects.get().used_at is None
    over = post(client, vote_step, action="check", choice=[p.pk for p in proposals])
    assert over.status_code == 400
    assert "dépasse" in over.content.decode()


def test_the_page_states_the_limits_of_each_ballot_kind(
    client: Client, process: Process, proposals: list[Proposal]
) -> None:
    budget = vote_step_in(process, "during", budget=50_000, min_spend=20_000, max_choices=3)
    page = get(client, budget).content.decode()
    assert f"Enveloppe : 50{MONEY}000{EURO}" in page
    assert f"Dépensez au moins 20{MONEY}000{EURO}." in page
    assert "Choisissez au plus 3 projets" in page
    points = vote_step_in(
        process, "during", kind="points", budget=None, points=10, max_points_per_proposal=4
    )
    page = get(client, points).content.decode()
    assert "10 points à répartir" in page
    assert "Au plus 4 points par projet" in page
    assert 'name="points-' in page
    ranked = vote_step_in(process, "during", kind="ranked", budget=None, max_choices=2)
    page = get(client, ranked).content.decode()
    assert "Classez vos choix" in page
    assert "Choisissez au plus 2 projets" in page


def test_points_and_ranks_typed_come_back_with_the_errors(
    client: Client, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", kind="points", budget=None, points=5)
    data = {f"points-{proposals[0].pk}": "4", f"points-{proposals[1].pk}": "3"}
    response = post(client, step, code="NOPE", **data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "5 points à répartir" in page
    assert f'name="points-{proposals[0].pk}" value="4"' in page
    assert f'name="points-{proposals[1].pk}" value="3"' in page


def test_the_code_page_of_a_process_vote_has_no_scope_choice(
    client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    page = get(client, vote_step).content.decode()
    assert 'name="scope"' not in page
    assert all(proposal.title in page for proposal in proposals)
