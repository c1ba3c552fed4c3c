"""Publishing results: the tally with the step's rule, winners through the proposals' service,
the public page (chart and table), the CSV and the open-data .pb file."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tessera.accounts.models import User
from tessera.organizations.models import District, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.proposals.statuses import ProposalStatus
from tessera.voting import tally
from tessera.voting.ballot_rules import Choice
from tessera.voting.models import (
    Ballot,
    BallotChoice,
    Channel,
    Participation,
    PollingStation,
    Results,
)
from tessera.voting.selectors import (
    home_district_rows,
    live_scores,
    rank_points,
    ranked_scores,
)
from tessera.voting.services import ballot_submit, paper_ballot_record, paper_totals_save
from tessera.voting.services.counting import (
    distinct_ballots,
    distinct_ballots_of,
    score_by_proposal,
    step_instance,
)
from tessera.voting.services.results import results_publish
from tests.conftest import make_user
from tests.factories import DistrictFactory
from tests.voting.conftest import eligible, settings_of, vote_step_in, vote_url

pytestmark = pytest.mark.django_db


def cast(
    step: Step,
    *groups: tuple[int, list[Proposal]],
    district: District | None = None,
    channel: str = Channel.ONLINE,
    ranked: bool = False,
) -> None:
    """`count` anonymous ballots (online unless `channel` says otherwise) approving
    `proposals` (ranking them in that order if `ranked`), stored as the service does: each
    with its participation."""
    for count, chosen in groups:
        for _ in range(count):
            Participation.objects.create(
                organization=step.organization,
                step=step,
                district=district,
                channel=channel,
                voted_at=step.starts_at,
            )
            ballot = Ballot.objects.create(
                organization=step.organization, step=step, district=district, channel=channel
            )
            for index, proposal in enumerate(chosen):
                BallotChoice.objects.create(
                    organization=step.organization,
                    ballot=ballot,
                    proposal=proposal,
                    rank=index + 1 if ranked else None,
                )


@pytest.fixture
def closed_step(process: Process) -> Step:
    return vote_step_in(process, "after", budget=70_000)


def test_it_counts_with_the_greedy_rule_and_sets_the_statuses(
    closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    p60, p30, p20, p10 = proposals
    cast(closed_step, (5, [p60, p20]), (3, [p30]), (2, [p10, p20]))
    results = results_publish(step=closed_step, published_by=manager)
    # Scores: p20 7, p60 5, p30 3, p10 2 -> p20 (20 000), p60 (60 000 > 50 000 left: skipped)…
    assert results.winners == [p20.pk, p30.pk, p10.pk]
    assert results.rule == "greedy"
    assert results.tie_break == tally.TIE_BREAK_DESCRIPTION["greedy"]
    statuses = dict(Proposal.objects.values_list("pk", "status"))
    assert statuses[p20.pk] == statuses[p30.pk] == ProposalStatus.WINNER
    assert statuses[p60.pk] == ProposalStatus.NOT_SELECTED
    assert p20.status_changes.filter(to_status=ProposalStatus.WINNER).exists()
    scope = results.figures["scopes"][0]
    assert scope["total_cost"] == 60_000
    assert results.figures["turnout"]["ballots"] == 10


def test_paper_totals_are_added_to_the_count_and_shown_apart(
    closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    p60, p30, _p20, _p10 = proposals
    cast(closed_step, (3, [p30]))
    station = PollingStation.objects.create(
        organization=closed_step.organization, step=closed_step, name="Mairie"
    )
    paper_totals_save(station=station, ballots_count=9, votes={p60.pk: 9})
    results = results_publish(step=closed_step, published_by=manager)
    assert results.winners[0] == p60.pk
    rows = {row["id"]: row for row in results.figures["scopes"][0]["proposals"]}
    assert rows[p60.pk]["paper"] == 9
    assert rows[p60.pk]["online"] == 0
    assert results.figures["turnout"]["paper"] == 9
    assert results.figures["turnout"]["online"] == 3


def test_equal_shares_is_available(
    closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    settings = settings_of(closed_step)
    settings.tally_rule = "equal-shares"
    settings.save()
    cast(closed_step, (5, [proposals[0]]), (5, [proposals[1], proposals[2]]))
    results = results_publish(step=Step.objects.get(pk=closed_step.pk), published_by=manager)
    assert results.rule == "equal-shares"
    assert set(results.winners) <= {p.pk for p in proposals}


def test_results_wait_for_the_close_and_are_published_once(
    vote_step: Step, closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    with pytest.raises(ValidationError):
        results_publish(step=vote_step, published_by=manager)
    results_publish(step=closed_step, published_by=manager)
    with pytest.raises(ValidationError):
        results_publish(step=Step.objects.get(pk=closed_step.pk), published_by=manager)
    assert Results.objects.count() == 1


def test_the_instance_is_anonymous(
    vote_step: Step, proposals: list[Proposal], resident: User
) -> None:
    open_step = vote_step
    ballot_submit(voter=resident, step=open_step, choices=[Choice(proposals[0].pk)])
    count = step_instance(open_step, None)
    # no voter id at all: a ballot is only its choices and how many voters cast it
    assert [(b.voter_id, b.weight) for b in count.instance.ballots] == [("", 1)]
    assert resident.email not in str(count.instance)


def test_identical_ballots_are_counted_once_with_their_number_of_voters(
    process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "after", tally_rule="greedy")
    p60, p30, p20, _p10 = proposals
    cast(step, (3, [p30, p20]), (2, [p20, p30]), (1, [p60]))
    cast(step, (2, [p30, p20]), channel=Channel.PAPER)
    count = step_instance(step, None)
    ballots = {(b.choices, b.weight) for b in count.instance.ballots}
    pair = tuple(sorted((str(p30.pk), str(p20.pk)), key=int))
    # approval ballots in any order are the same ballot; paper ones stay apart (their channel)
    assert ballots == {(pair, 5), ((str(p60.pk),), 1), (pair, 2)}
    assert (count.individual, count.groups) == (8, 3)
    assert count.online == {str(p30.pk): 5, str(p20.pk): 5, str(p60.pk): 1}
    assert count.paper == {str(p30.pk): 2, str(p20.pk): 2}


def test_the_grouping_without_ordered_aggregates_gives_the_same_ballots(
    process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "after", tally_rule="greedy")
    p60, p30, p20, _p10 = proposals
    cast(step, (3, [p30, p20]), (1, [p60, p20]))
    cast(step, (2, [p30]), channel=Channel.PAPER)
    ids = [str(p.pk) for p in proposals]
    choices = BallotChoice.objects.filter(ballot__step=step, proposal_id__in=ids)
    rows = choices.order_by("ballot_id", "rank", "proposal_id").values_list(
        "ballot_id", "ballot__channel", "proposal_id", "points"
    )
    assert distinct_ballots_of(rows) == distinct_ballots(step, None, ids)
    assert len(distinct_ballots(step, None, ids)) == 3


def test_district_ballots_are_counted_per_district(
    process: Process,
    collect_step: Step,
    theme: Theme,
    district: District,
    manager: User,
    organization: object,
) -> None:
    from tessera.voting.models import DistrictBudget

    step = vote_step_in(process, "after", scope="both", budget=10)
    DistrictBudget.objects.create(
        organization=step.organization, settings=settings_of(step), district=district, budget=5
    )
    city = eligible(collect_step, theme, 10)
    local_a = eligible(collect_step, theme, 5, district=district)
    local_b = eligible(collect_step, theme, 5, district=district)
    cast(step, (2, [city]))
    cast(step, (3, [local_b]), (1, [local_a]), district=district)
    results = results_publish(step=step, published_by=manager)
    assert results.winners == [city.pk, local_b.pk]
    assert [s["district_name"] for s in results.figures["scopes"]][1] == district.name
    assert results.figures["districts"] == [
        {"district": district.pk, "name": district.name, "ballots": 4}
    ]


def test_the_public_page_shows_winners_chart_table_rule_and_tie_break(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    cast(closed_step, (2, [proposals[3]]))
    assert (
        "pas encore publiés"
        in client.get(vote_url(closed_step, "results"), HTTP_ACCEPT_LANGUAGE="fr").text
    )
    results_publish(step=closed_step, published_by=manager)
    page = client.get(vote_url(closed_step, "results")).text
    assert proposals[3].title in page
    assert '<svg class="results-chart"' in page
    assert 'role="img"' in page
    assert "<table" in page
    assert "<code>greedy</code>" in page
    assert "le moins cher passe d’abord" in page or "cheaper proposal" in page


def test_exports_are_open_once_published(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User, resident: User
) -> None:
    assert client.get(vote_url(closed_step) + "results.csv").status_code == 404
    assert client.get(vote_url(closed_step) + "results.pb").status_code == 404
    cast(closed_step, (1, [proposals[3]]), (2, [proposals[3], proposals[2]]))
    results_publish(step=closed_step, published_by=manager)
    csv_text = client.get(vote_url(closed_step) + "results.csv").content.decode("utf-8-sig")
    assert proposals[3].title in csv_text
    pb = b"".join(client.get(vote_url(closed_step) + "results.pb").streaming_content).decode()
    parsed = tally.parse_pabulib(pb)
    assert len(parsed.instance.ballots) == 3
    assert parsed.winners is not None
    assert str(proposals[3].pk) in parsed.winners
    assert resident.email not in pb
    assert str(resident.display_name) not in pb


def test_staff_publish_from_the_manage_page(
    client: Client,
    closed_step: Step,
    proposals: list[Proposal],
    manager: User,
    resident: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from tests.conftest import run_tasks

    client.force_login(resident)
    assert client.post(vote_url(closed_step, "manage/publish")).status_code == 403
    client.force_login(manager)
    assert client.get(vote_url(closed_step, "manage")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(vote_url(closed_step, "manage/publish"), {"confirm": "on"})
    assert response.status_code == 302
    run_tasks()
    assert Results.objects.filter(step=closed_step).exists()


def test_the_tally_command_prints_winners_then_the_cost(tmp_path: object) -> None:
    from django.core.management import call_command

    text = """META
key;value
budget;100
vote_type;approval
min_project_score_threshold;2
PROJECTS
project_id;cost;name
a;60;A
b;50;B
c;30;C
d;10;D
VOTES
voter_id;vote
1;a,c
2;a,b
3;a,c
4;b,d
"""
    path = tmp_path / "small.pb"  # type: ignore[operator]
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("tally", str(path), "--rule", "greedy", stdout=out)
    assert out.getvalue().split() == ["a", "c", "90"]  # d has one vote: under the file's threshold
    out = io.StringIO()
    call_command("tally", str(path), "--rule", "greedy", "--threshold", "0", stdout=out)
    assert out.getvalue().split() == ["a", "c", "d", "100"]


def test_export_and_import_round_trip(
    closed_step: Step, process: Process, proposals: list[Proposal], tmp_path: object
) -> None:
    from django.core.management import call_command

    cast(closed_step, (3, [proposals[0], proposals[1]]), (1, [proposals[2]]))
    path = tmp_path / "step.pb"  # type: ignore[operator]
    call_command("export_pabulib", str(closed_step.pk), "--output", str(path), stdout=io.StringIO())
    other = vote_step_in(process, "after")
    Step.objects.filter(pk=closed_step.pk).update(
        starts_at=other.starts_at.replace(year=2000), ends_at=other.starts_at.replace(year=2001)
    )
    out = io.StringIO()
    call_command("import_pabulib", str(path), str(other.pk), stdout=out)
    assert out.getvalue().strip().splitlines() == [
        "4 of 4 ballots written",
        "4 ballots imported into the process-wide ballot",
    ]
    assert Ballot.objects.filter(step=other).count() == 4


def test_paper_ballots_entered_one_by_one_count_as_paper_not_online(
    closed_step: Step, proposals: list[Proposal], manager: User, client: Client
) -> None:
    p60, p30, _p20, p10 = proposals
    cast(closed_step, (3, [p30]))
    cast(closed_step, (1, [p60]), channel=Channel.CODE)  # a voting code is online
    for _ in range(2):
        paper_ballot_record(
            recorded_by=manager, step=closed_step, choices=[Choice(p30.pk), Choice(p10.pk)]
        )
    station = PollingStation.objects.create(
        organization=closed_step.organization, step=closed_step, name="Mairie"
    )
    paper_totals_save(station=station, ballots_count=4, votes={p60.pk: 4})
    results = results_publish(step=closed_step, published_by=manager)
    rows = {row["id"]: row for row in results.figures["scopes"][0]["proposals"]}
    assert (rows[p30.pk]["online"], rows[p30.pk]["paper"], rows[p30.pk]["score"]) == (3, 2, 5)
    assert (rows[p60.pk]["online"], rows[p60.pk]["paper"], rows[p60.pk]["score"]) == (1, 4, 5)
    assert (rows[p10.pk]["online"], rows[p10.pk]["paper"], rows[p10.pk]["score"]) == (0, 2, 2)
    turnout = results.figures["turnout"]
    assert (turnout["online"], turnout["paper"], turnout["ballots"]) == (4, 6, 10)
    csv_text = client.get(vote_url(closed_step) + "results.csv").content.decode("utf-8-sig")
    assert f"{p60.pk};{p60.title};60000;1;4;5;" in csv_text


def test_online_and_paper_add_up_to_the_rank_points_of_a_ranked_vote(
    process: Process, proposals: list[Proposal], manager: User
) -> None:
    step = vote_step_in(process, "after", kind="ranked", max_choices=3, tally_rule="ranked")
    p60, p30, p20, _p10 = proposals
    cast(step, (2, [p20, p30, p60]), ranked=True)
    cast(step, (1, [p30, p20]), channel=Channel.PAPER, ranked=True)
    results = results_publish(step=step, published_by=manager)
    rows = {row["id"]: row for row in results.figures["scopes"][0]["proposals"]}
    # Rank 1 of 3 scores 3, rank 2 scores 2, rank 3 scores 1.
    assert (rows[p20.pk]["online"], rows[p20.pk]["paper"], rows[p20.pk]["score"]) == (6, 2, 8)
    assert (rows[p30.pk]["online"], rows[p30.pk]["paper"], rows[p30.pk]["score"]) == (4, 3, 7)
    assert (rows[p60.pk]["online"], rows[p60.pk]["paper"], rows[p60.pk]["score"]) == (2, 0, 2)


def test_the_score_of_ballots_is_counted_in_the_rule_s_unit() -> None:
    ballots = [
        tally.Ballot(choices=("a", "b")),
        tally.Ballot(choices=("b",), weight=3),
    ]
    assert score_by_proposal(ballots, "approval", 0) == {"a": 1, "b": 4}
    assert score_by_proposal(ballots, "ordinal", 3) == {"a": 3, "b": 2 + 9}
    points = [tally.Ballot(choices=("a", "b"), points=(4, 1))]
    assert score_by_proposal(points, "cumulative", 0) == {"a": 4, "b": 1}
    assert [rank_points(rank, 3) for rank in (1, 2, 3, 4)] == [3, 2, 1, 0]


def test_live_counts_of_a_ranked_vote_are_its_rank_points(
    process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", kind="ranked", max_choices=None, tally_rule="ranked")
    p60, p30, p20, _p10 = proposals
    cast(step, (2, [p60, p30, p20]), (1, [p30]), ranked=True)
    # k is the longest ballot (3) when the step sets no maximum: 3/2/1, as the count does.
    assert live_scores(step, "ranked") == {p60.pk: 6, p30.pk: 4 + 3, p20.pk: 2}
    assert live_scores(step, "ranked") == step_scores(step)


def step_scores(step: Step) -> dict[int, int]:
    return {
        int(pid): score
        for pid, score in tally.scores(step_instance(step, None).instance).items()
        if score
    }


def test_rank_points_take_k_per_scope_or_from_the_settings() -> None:
    rows = [(None, 1, 1, 2), (None, 2, 2, 2), (7, 3, 1, 1)]  # (scope, proposal, rank, ballots)
    assert ranked_scores(rows, None) == {1: 4, 2: 2, 3: 1}
    assert ranked_scores(rows, 5) == {1: 10, 2: 8, 3: 5}


def test_turnout_by_home_district_counts_participations_not_ballots(
    client: Client,
    process: Process,
    collect_step: Step,
    theme: Theme,
    district: District,
    manager: User,
    organization: object,
) -> None:
    other = DistrictFactory(
        organization=organization, name="Le Plateau", slug="plateau", position=1
    )
    step = vote_step_in(process, "after", scope="both", budget=100)
    city = eligible(collect_step, theme, 10)
    local = eligible(collect_step, theme, 5, district=district)
    living_here = [make_user(step.organization, district=district) for _ in range(2)]
    nowhere = make_user(step.organization)
    for voter in [*living_here, nowhere]:
        vote_as(step, voter, None, [city])
    vote_as(step, living_here[0], district, [local])  # two ballots, one voter
    cast(step, (3, [city]), channel=Channel.CODE)
    PollingStation.objects.create(
        organization=step.organization, step=step, name="Mairie", ballots_count=5
    )
    results = results_publish(step=step, published_by=manager)
    rows = results.figures["home_districts"]
    assert [(row.get("name"), row.get("kind"), row["voters"]) for row in rows] == [
        (district.name, None, 2),
        (other.name, None, 0),
        (None, "no_district", 1),
        (None, "no_account", 3 + 5),
    ]
    assert sum(row["voters"] for row in rows) == results.figures["turnout"]["voters"]
    page = client.get(vote_url(step, "results"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "Votants par quartier de résidence" in page
    assert "Compte sans quartier" in page
    turnout_csv = client.get(
        vote_url(step) + "results.csv?table=turnout", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode("utf-8-sig")
    assert f"votants par quartier de résidence;{district.name};2" in turnout_csv
    assert "votants par quartier de résidence;sans compte (code de vote, papier);8" in turnout_csv


def vote_as(step: Step, voter: User, district: District | None, chosen: list[Proposal]) -> None:
    """A ballot cast with an account: a participation naming the voter, a ballot not."""
    Participation.objects.create(
        organization=step.organization,
        step=step,
        district=district,
        voter=voter,
        voted_at=step.starts_at,
    )
    ballot = Ballot.objects.create(organization=step.organization, step=step, district=district)
    for proposal in chosen:
        BallotChoice.objects.create(
            organization=step.organization, ballot=ballot, proposal=proposal
        )


def test_home_district_rows_list_every_district_then_the_unknown() -> None:
    rows = home_district_rows([(1, "A"), (2, "B")], {1: 4, None: 2}, 7)
    assert [row["voters"] for row in rows] == [4, 0, 2, 7]
    assert [row.get("kind") for row in rows] == [None, None, "no_district", "no_account"]


def test_the_results_page_runs_the_same_queries_whatever_the_data(
    client: Client,
    process: Process,
    collect_step: Step,
    theme: Theme,
    proposals: list[Proposal],
    manager: User,
    organization: object,
) -> None:
    small = vote_step_in(process, "after", budget=70_000)
    cast(small, (1, [proposals[0]]))
    results_publish(step=small, published_by=manager)
    big = vote_step_in(process, "after", scope="both", budget=1_000_000)
    districts = [DistrictFactory(organization=organization) for _ in range(4)]
    for index, place in enumerate(districts):
        mine = [eligible(collect_step, theme, 1_000 * (n + 1), district=place) for n in range(5)]
        cast(big, (3, mine[:2]), (2, mine[2:]), district=place)
        PollingStation.objects.create(
            organization=big.organization, step=big, name=f"Bureau {index}", district=place
        )
    for _ in range(3):
        vote_as(big, make_user(big.organization, district=districts[0]), None, [])
    results_publish(step=big, published_by=manager)

    def queries_of(step: Step) -> int:
        client.get(vote_url(step, "results"))  # warm the step's cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(vote_url(step, "results")).status_code == 200
        return len(queries)

    assert queries_of(big) == queries_of(small) <= 8
