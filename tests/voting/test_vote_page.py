"""The vote page: works with plain forms, says whether the ballot is submitted, stays cheap."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tessera.accounts.models import User
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting.models import Ballot, BallotDraft
from tests.voting.conftest import eligible, settings_of, vote_step_in, vote_url

pytestmark = pytest.mark.django_db


def post(client: Client, step: Step, name: str, **data: object) -> object:
    return client.post(vote_url(step, name), data)


@pytest.fixture
def voter_client(client: Client, voter: User) -> Client:
    client.force_login(voter)
    return client


def test_anyone_sees_the_proposals_on_the_ballot(
    client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    response = client.get(vote_url(vote_step))
    assert response.status_code == 200
    for proposal in proposals:
        assert proposal.title in response.text
    assert "Log in to vote" in response.text or "Connectez-vous pour voter" in response.text


def test_the_step_page_is_the_vote_page(
    client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    response = client.get(vote_step.get_absolute_url())
    assert response.status_code == 200
    assert proposals[0].title in response.text


def test_a_voter_fills_the_basket_and_submits_without_javascript(
    voter_client: Client, voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    with translation.override("fr"):
        response = post(voter_client, vote_step, "basket", action="add", proposal=proposals[1].pk)
        assert response.status_code == 302  # type: ignore[attr-defined]
        assert BallotDraft.objects.get().choices == [{"proposal": proposals[1].pk}]
        page = voter_client.get(vote_url(vote_step), HTTP_ACCEPT_LANGUAGE="fr")
        assert "30\u202f000\u00a0€ sur 100\u202f000\u00a0€" in page.text
        assert "pas encore envoyé" in page.text
        response = post(voter_client, vote_step, "submit")
        assert response.status_code == 302  # type: ignore[attr-defined]
        assert response["Location"].endswith("/vote/thanks/")  # type: ignore[index]
        ballot = Ballot.objects.get()
        assert [c.proposal_id for c in ballot.choices.all()] == [proposals[1].pk]
        thanks = voter_client.get(vote_url(vote_step, "thanks"))
        assert proposals[1].title in thanks.text
        page = voter_client.get(vote_url(vote_step))
        assert "Votre bulletin est enregistré" in page.text


def test_the_page_names_each_broken_rule(
    voter_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    for proposal in proposals:
        post(voter_client, vote_step, "basket", action="add", proposal=proposal.pk)
    page = voter_client.get(vote_url(vote_step), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Votre sélection dépasse l&#x27;enveloppe de 20\u202f000\u00a0€" in page.text
    response = post(voter_client, vote_step, "submit")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert not Ballot.objects.exists()
    post(voter_client, vote_step, "basket", action="remove", proposal=proposals[0].pk)
    post(voter_client, vote_step, "submit")
    assert Ballot.objects.count() == 1


def test_a_forged_proposal_never_enters_the_basket(
    voter_client: Client, vote_step: Step, proposals: list[Proposal], collect_step: Step
) -> None:
    from tests.proposals.factories import ProposalFactory

    not_eligible = ProposalFactory(step=collect_step)
    post(voter_client, vote_step, "basket", action="add", proposal=not_eligible.pk)
    post(voter_client, vote_step, "basket", action="add", proposal="abc")
    assert BallotDraft.objects.get().choices == [] if BallotDraft.objects.exists() else True


def test_a_ranked_ballot_is_reordered_with_buttons(
    voter_client: Client, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", kind="ranked", max_choices=3, budget=None)
    for proposal in proposals[:3]:
        post(voter_client, step, "basket", action="add", proposal=proposal.pk)
    post(voter_client, step, "basket", action="up", proposal=proposals[2].pk)
    post(voter_client, step, "submit")
    ranks = dict(Ballot.objects.get().choices.values_list("proposal_id", "rank"))
    assert ranks == {proposals[0].pk: 1, proposals[2].pk: 2, proposals[1].pk: 3}


def test_a_points_ballot_spreads_points(
    voter_client: Client, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", kind="points", points=10, max_points_per_proposal=6)
    post(voter_client, step, "basket", action="points", proposal=proposals[0].pk, points=6)
    post(voter_client, step, "basket", action="points", proposal=proposals[1].pk, points=4)
    post(voter_client, step, "submit")
    points = dict(Ballot.objects.get().choices.values_list("proposal_id", "points"))
    assert points == {proposals[0].pk: 6, proposals[1].pk: 4}


def test_filters_and_search_narrow_the_list(
    client: Client,
    vote_step: Step,
    proposals: list[Proposal],
    collect_step: Step,
    organization: object,
) -> None:
    from tessera.proposals.services import search_vector_refresh
    from tests.factories import ThemeFactory

    other = eligible(
        collect_step,
        ThemeFactory(organization=organization, slug="sport"),
        5,
        title="Un terrain de sport",
    )
    search_vector_refresh()
    response = client.get(vote_url(vote_step), {"theme": "sport"})
    assert other.title in response.text
    assert proposals[0].title not in response.text
    response = client.get(vote_url(vote_step), {"q": "terrain"})
    assert other.title in response.text
    assert proposals[0].title not in response.text


def test_the_random_order_is_stable_for_a_visitor(
    client: Client, vote_step: Step, collect_step: Step, theme: object
) -> None:
    titles = [eligible(collect_step, theme, 1, title=f"Idée {i:02d}").title for i in range(20)]  # type: ignore[arg-type]

    def order(text: str) -> list[str]:
        return sorted(titles, key=text.index)

    first = order(client.get(vote_url(vote_step)).text)
    assert order(client.get(vote_url(vote_step)).text) == first
    assert first != sorted(titles)


def test_the_page_runs_a_bounded_number_of_queries(
    voter_client: Client, voter: User, vote_step: Step, collect_step: Step, theme: object
) -> None:
    from tessera.voting.ballot_rules import Choice
    from tessera.voting.services import ballot_submit

    created = [eligible(collect_step, theme, 100, title=f"Projet {i}") for i in range(10)]  # type: ignore[arg-type]
    ballot_submit(voter=voter, step=vote_step, choices=[Choice(created[0].pk)])
    post(voter_client, vote_step, "basket", action="add", proposal=created[1].pk)
    settings = settings_of(vote_step)
    settings.counts_visible = True
    settings.save()
    voter_client.get(vote_url(vote_step))  # warm the caches (site settings, session seed)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = voter_client.get(vote_url(vote_step))
        assert response.status_code == 200
        return len(queries)

    few = count()
    created += [eligible(collect_step, theme, 100, title=f"Projet {i}") for i in range(10, 200)]  # type: ignore[arg-type]
    for proposal in created[2:6]:
        post(voter_client, vote_step, "basket", action="add", proposal=proposal.pk)
    many = count()
    response = voter_client.get(vote_url(vote_step))
    assert response.text.count('<li class="vote-card') == 200
    assert many == few
    assert many <= 22


def test_counts_are_hidden_until_the_results_unless_the_step_shows_them(
    client: Client, voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    from tessera.voting.ballot_rules import Choice
    from tessera.voting.services import ballot_submit

    ballot_submit(voter=voter, step=vote_step, choices=[Choice(proposals[0].pk)])
    assert 'class="count"' not in client.get(vote_url(vote_step)).text
    settings = settings_of(vote_step)
    settings.counts_visible = True
    settings.save()
    assert 'class="count"' in client.get(vote_url(vote_step)).text


def test_the_vote_page_of_another_site_is_not_found(other_client: Client, vote_step: Step) -> None:
    assert other_client.get(vote_url(vote_step)).status_code == 404


def test_a_vote_step_without_settings_still_shows_its_page(
    client: Client, process: Process, proposals: list[Proposal]
) -> None:
    from tests.voting.factories import VoteStepFactory

    step = VoteStepFactory(process=process)
    response = client.get(vote_url(step))
    assert response.status_code == 200
    assert proposals[0].title in response.text


def test_a_district_vote_asks_for_the_district_first(
    voter_client: Client, process: Process, collect_step: Step, theme: object, district: object
) -> None:
    step = vote_step_in(process, "during", scope="district")
    local = eligible(collect_step, theme, 10, district=district, title="Un projet de quartier")  # type: ignore[arg-type]
    page = voter_client.get(vote_url(step), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Choisissez le quartier où vous votez." in page.text
    assert local.title not in page.text
    page = voter_client.get(vote_url(step), {"scope": "la-gare"})
    assert local.title in page.text
    voter_client.post(
        vote_url(step, "basket"), {"action": "add", "proposal": local.pk, "scope": "la-gare"}
    )
    voter_client.post(vote_url(step, "submit"), {"scope": "la-gare"})
    assert Ballot.objects.get().district_id == district.pk  # type: ignore[attr-defined]


def test_a_proposal_without_a_theme_is_on_the_ballot_and_counts_in_no_quota(
    voter_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    Proposal.objects.filter(pk=proposals[1].pk).update(theme=None)
    settings = settings_of(vote_step)
    settings.quotas.create(
        organization=vote_step.organization, theme=proposals[0].theme, max_choices=1
    )
    with translation.override("fr"):
        page = voter_client.get(vote_url(vote_step), HTTP_ACCEPT_LANGUAGE="fr")
        assert page.status_code == 200
        assert "Sans thème" in page.text
        post(voter_client, vote_step, "basket", action="add", proposal=proposals[1].pk)
        post(voter_client, vote_step, "basket", action="add", proposal=proposals[2].pk)
        response = post(voter_client, vote_step, "submit")
    assert response["Location"].endswith("/vote/thanks/")  # type: ignore[index]
    ballot = Ballot.objects.get()
    assert sorted(c.proposal_id for c in ballot.choices.all()) == [
        proposals[1].pk,
        proposals[2].pk,
    ]
