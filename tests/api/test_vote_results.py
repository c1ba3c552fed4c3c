"""The vote results of the GraphQL API: null until published, then the frozen figures of the
results page (rule, tie-break, winners in order, per-ballot figures, turnout, downloads)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import User
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Process, Step, Visibility
from tessera.proposals.models import Proposal
from tessera.proposals.statuses import ProposalStatus
from tessera.voting.models import Ballot, BallotChoice, Participation
from tessera.voting.services.results import results_publish
from tests.api.conftest import data, errors, queries_of
from tests.proposals.factories import CollectStepFactory, ProposalFactory
from tests.voting.factories import VoteSettingsFactory, VoteStepFactory

pytestmark = pytest.mark.django_db

RESULTS = """
query Results($process: String!, $step: ID!) {
  voteResults(process: $process, step: $step) {
    publishedAt rule threshold tieBreak winners csvUrl xlsxUrl
    step { id kind }
    turnout { voters ballots online paper }
    districtTurnout { districtName ballots }
    scopes {
      districtName districtSlug budget totalCost pabulibUrl
      winners { proposalId title cost score selectionOrder }
      proposals { proposalId title cost online paper score winner selectionOrder }
    }
  }
}
"""


def days(number: int) -> timedelta:
    return timedelta(days=number)


@pytest.fixture
def collect_step(process: Process) -> Step:
    now = timezone.now()
    return CollectStepFactory(process=process, starts_at=now - days(60), ends_at=now - days(30))


def vote_step(process: Process, *, closed: bool = True, **settings: object) -> Step:
    now = timezone.now()
    starts, ends = (now - days(10), now - days(5)) if closed else (now - days(5), now + days(5))
    step = VoteStepFactory(process=process, starts_at=starts, ends_at=ends)
    VoteSettingsFactory(step=step, **settings)
    return step


@pytest.fixture
def proposals(collect_step: Step, theme: Theme) -> list[Proposal]:
    """Four eligible proposals: 60 000, 30 000, 20 000 and 10 000 €."""
    return [
        ProposalFactory(
            step=collect_step,
            theme=theme,
            estimated_cost=cost,
            status=ProposalStatus.ELIGIBLE,
            title=f"Projet à {cost} euros",
        )
        for cost in (60_000, 30_000, 20_000, 10_000)
    ]


def cast(step: Step, *groups: tuple[int, list[Proposal]], district: District | None = None) -> None:
    """`count` anonymous online ballots approving `proposals`, each with its participation."""
    for count, chosen in groups:
        for _index in range(count):
            Participation.objects.create(
                organization=step.organization,
                step=step,
                district=district,
                voted_at=step.starts_at,
            )
            ballot = Ballot.objects.create(
                organization=step.organization, step=step, district=district
            )
            for proposal in chosen:
                BallotChoice.objects.create(
                    organization=step.organization, ballot=ballot, proposal=proposal
                )


def published(
    process: Process, proposals: list[Proposal], manager: User, **settings: object
) -> Step:
    step = vote_step(process, budget=70_000, **settings)
    p60, p30, p20, p10 = proposals
    cast(step, (5, [p60, p20]), (3, [p30]), (2, [p10, p20]))
    results_publish(step=step, published_by=manager)
    return step


def results_of(client: Client, step: Step) -> dict[str, object] | None:
    answer = data(client, RESULTS, {"process": step.process.slug, "step": step.pk})
    results: dict[str, object] | None = answer["voteResults"]
    return results


def test_the_results_are_null_until_published(process: Process, proposals: list[Proposal]) -> None:
    open_step = vote_step(process, closed=False, counts_visible=True)
    closed_step = vote_step(process)
    cast(open_step, (3, proposals[:1]))
    client = Client()

    assert results_of(client, open_step) is None
    assert results_of(client, closed_step) is None


def test_the_published_results_give_the_pages_figures(
    process: Process, proposals: list[Proposal], manager: User
) -> None:
    p60, p30, p20, p10 = proposals
    step = published(process, proposals, manager)

    results = results_of(Client(), step)

    assert results is not None
    assert results["rule"] == "greedy"
    assert results["threshold"] is None
    assert "cheaper proposal comes first" in str(results["tieBreak"])
    assert results["winners"] == [str(p20.pk), str(p30.pk), str(p10.pk)]
    assert results["step"] == {"id": str(step.pk), "kind": "vote"}
    assert results["turnout"] == {"voters": 10, "ballots": 10, "online": 10, "paper": 0}
    assert results["districtTurnout"] == []
    base = f"http://testserver/processes/budget/steps/{step.pk}/vote"
    assert results["csvUrl"] == f"{base}/results.csv"
    assert results["xlsxUrl"] == f"{base}/results.xlsx"
    [scope] = results["scopes"]  # type: ignore[misc]
    assert scope["districtName"] is None
    assert scope["budget"] == 70_000
    assert scope["totalCost"] == 60_000
    assert scope["pabulibUrl"] == f"{base}/results.pb"
    assert [line["proposalId"] for line in scope["winners"]] == [
        str(p20.pk),
        str(p30.pk),
        str(p10.pk),
    ]
    assert [line["selectionOrder"] for line in scope["winners"]] == [1, 2, 3]
    first = scope["proposals"][0]
    assert first == {
        "proposalId": str(p20.pk),
        "title": "Projet à 20000 euros",
        "cost": 20_000,
        "online": 7,
        "paper": 0,
        "score": 7,
        "winner": True,
        "selectionOrder": 1,
    }
    skipped = next(line for line in scope["proposals"] if line["proposalId"] == str(p60.pk))
    assert skipped["winner"] is False
    assert skipped["selectionOrder"] is None


@pytest.mark.parametrize("rule", ["greedy", "greedy-no-skip", "equal-shares", "equal-shares-plain"])
def test_the_rule_is_named_as_everywhere_else(
    process: Process, proposals: list[Proposal], manager: User, rule: str
) -> None:
    step = published(process, proposals, manager, tally_rule=rule)

    results = results_of(Client(), step)

    assert results is not None
    assert results["rule"] == rule


def test_a_district_vote_gives_each_ballot_and_its_open_data_file(
    organization: Organization,
    process: Process,
    collect_step: Step,
    theme: Theme,
    district: District,
    manager: User,
) -> None:
    step = vote_step(process, scope="district", budget=50_000)
    process.districts.add(district)
    proposal = ProposalFactory(
        step=collect_step,
        theme=theme,
        district=district,
        estimated_cost=10_000,
        status=ProposalStatus.ELIGIBLE,
    )
    cast(step, (2, [proposal]), district=district)
    results_publish(step=step, published_by=manager)

    results = results_of(Client(), step)

    assert results is not None
    [scope] = results["scopes"]  # type: ignore[misc]
    assert scope["districtName"] == "La Gare"
    assert scope["districtSlug"] == "la-gare"
    assert scope["pabulibUrl"].endswith(f"/steps/{step.pk}/vote/results.pb?scope=la-gare")
    assert results["districtTurnout"] == [{"districtName": "La Gare", "ballots": 2}]


@pytest.mark.parametrize(
    ("process_slug", "step_id"),
    [("nowhere", None), ("budget", 999_999), ("budget", "x")],
    ids=["unknown process", "unknown step", "not an id"],
)
def test_an_unknown_process_or_step_is_an_error(
    process: Process, process_slug: str, step_id: object
) -> None:
    step = vote_step(process)

    assert errors(Client(), RESULTS, {"process": process_slug, "step": step_id or step.pk}) == [
        "No public vote step with this id in this process."
    ]


def test_a_collect_step_has_no_vote_results(collect_step: Step) -> None:
    assert errors(Client(), RESULTS, {"process": "budget", "step": collect_step.pk})


@pytest.mark.parametrize(
    "fields",
    [{"is_published": False}, {"visibility": Visibility.RESTRICTED}],
    ids=["draft", "restricted"],
)
def test_the_results_of_a_draft_or_restricted_process_stay_out(
    process: Process, proposals: list[Proposal], manager: User, fields: dict[str, object]
) -> None:
    step = published(process, proposals, manager)
    Process.objects.filter(pk=process.pk).update(**fields)

    assert errors(Client(), RESULTS, {"process": "budget", "step": step.pk})


def test_another_organisation_never_sees_these_results(
    process: Process,
    proposals: list[Proposal],
    manager: User,
    other_organization: Organization,
    other_client: Client,
) -> None:
    step = published(process, proposals, manager)

    assert errors(other_client, RESULTS, {"process": "budget", "step": step.pk})


def test_the_results_take_a_bounded_number_of_queries(
    process: Process, proposals: list[Proposal], manager: User
) -> None:
    step = published(process, proposals, manager)

    # The process, the step, then the results with their step and process joined.
    assert queries_of(Client(), RESULTS, {"process": "budget", "step": step.pk}) == 3
