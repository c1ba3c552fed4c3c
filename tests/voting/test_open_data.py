"""The open-data .pb file: standard pabulib that any tool reads, the ballots only (station
totals stated, not written as voters), the published winners reproduced by our reader and by
pabutools, written once at publication and served from the storage with cache headers."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from tessera.accounts.models import User
from tessera.organizations.models import District, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting import tally
from tessera.voting.models import (
    Channel,
    DistrictBudget,
    PaperTotal,
    PollingStation,
    Results,
)
from tessera.voting.services import results as services_results
from tessera.voting.services.open_data import open_data_notes
from tessera.voting.services.results import results_publish
from tests.voting.conftest import eligible, settings_of, vote_step_in, vote_url
from tests.voting.tally import pabutools_bridge
from tests.voting.test_results import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_step(process: Process) -> Step:
    return vote_step_in(process, "after", budget=70_000)


def download(client: Client, step: Step, query: str = "", **headers: Any) -> Any:
    return client.get(vote_url(step) + "results.pb" + query, **headers)


def text_of(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def station(step: Step, ballots: int, votes: dict[Proposal, int], **fields: Any) -> None:
    made = PollingStation.objects.create(
        organization=step.organization, step=step, ballots_count=ballots, **fields
    )
    for proposal, count in votes.items():
        PaperTotal.objects.create(
            organization=step.organization, station=made, proposal=proposal, votes=count
        )


def pabutools_read(text: str) -> tuple[Any, Any]:
    """The file read by pabutools' own parser."""
    from pabutools.election.pabulib import parse_pabulib_from_string

    return parse_pabulib_from_string(text)


def pabutools_winners(text: str, rule: str) -> set[str]:
    """The winners pabutools finds reading the file itself."""
    pb = pabutools_bridge.PB
    instance, profile = pabutools_read(text)
    if rule == "greedy":
        outcome = pb.rules.greedy_utilitarian_welfare(
            instance, profile, sat_class=pb.election.Cost_Sat
        )
    else:
        outcome = pb.rules.method_of_equal_shares(
            instance, profile, sat_class=pb.election.Cost_Sat, voter_budget_increment=1
        )
    return {project.name for project in outcome}


def published_winners(step: Step) -> set[str]:
    return {str(pk) for pk in Results.objects.get(step=step).winners}


@pytest.mark.parametrize("rule", ["greedy", "equal-shares"])
def test_without_station_totals_the_file_reproduces_the_published_winners(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User, rule: str
) -> None:
    settings = settings_of(closed_step)
    settings.tally_rule = rule
    settings.save()
    p60, p30, p20, p10 = proposals
    cast(closed_step, (5, [p60, p20]), (3, [p30]), (2, [p10, p20]))
    cast(closed_step, (1, [p30, p10]), channel=Channel.PAPER)
    cast(closed_step, (1, [p60]), channel=Channel.CODE)
    results_publish(step=Step.objects.get(pk=closed_step.pk), published_by=manager)
    text = text_of(download(client, closed_step))
    parsed = tally.parse_pabulib(text)
    winners = published_winners(closed_step)
    assert len(parsed.instance.ballots) == 12  # online, paper and code ballots, one row each
    assert set(parsed.winners or ()) == winners
    assert set(tally.tally(parsed.instance, rule, parsed.threshold).selected) == winners
    if rule == "greedy":
        assert pabutools_bridge.greedy(parsed.instance) == winners
    else:
        assert pabutools_bridge.equal_shares(parsed.instance, completion=True) == winners
    assert pabutools_winners(text, rule) == winners


def test_station_totals_are_stated_not_written_as_voters(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    p60, p30, _p20, _p10 = proposals
    cast(closed_step, (3, [p30]))
    station(closed_step, 9, {p60: 9})
    results_publish(step=closed_step, published_by=manager)
    text = text_of(download(client, closed_step))
    parsed = tally.parse_pabulib(text)
    assert parsed.vote_columns == ("voter_id", "vote")  # no weight, no column of our own
    assert "weight" not in text
    assert parsed.meta_value("num_votes") == "3" == str(len(parsed.instance.ballots))
    comment = parsed.meta_value("comment") or ""
    assert comment.startswith("#1: 9 paper ballots were counted at polling stations")
    # The published winners count the stations: the file says so and marks them selected.
    assert str(p60.pk) in (parsed.winners or ())
    instance, profile = pabutools_read(text)
    assert len(profile) == 3
    assert instance.meta["comment"] == comment


def test_a_ranked_and_a_points_file_are_read_by_pabutools(
    client: Client, process: Process, proposals: list[Proposal], manager: User
) -> None:
    ranked = vote_step_in(process, "after", kind="ranked", max_choices=3, tally_rule="ranked")
    p60, p30, p20, p10 = proposals
    cast(ranked, (4, [p10, p20, p60]), (3, [p30, p10]), ranked=True)
    results_publish(step=ranked, published_by=manager)
    text = text_of(download(client, ranked))
    parsed = tally.parse_pabulib(text)
    assert parsed.instance.vote_type == "ordinal"
    assert parsed.meta_value("max_length") == "3"
    assert "rank 1 of k scores k points" in (parsed.meta_value("comment") or "")
    assert set(tally.tally(parsed.instance, "ranked").selected) == published_winners(ranked)
    _instance, profile = pabutools_read(text)
    assert sorted(len(ballot) for ballot in profile) == [2] * 3 + [3] * 4


def test_the_file_is_written_once_and_downloads_never_count_again(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    cast(closed_step, (2, [proposals[3]]), (1, [proposals[2]]))
    results = results_publish(step=closed_step, published_by=manager)
    stored = results.figures["scopes"][0]["open_data"]
    assert stored["name"].startswith(f"{closed_step.organization.slug}/voting/open-data/")
    assert stored["ballots"] == 3
    first = text_of(download(client, closed_step))
    # Ballots that appear afterwards (they cannot, but a count would see them) change nothing.
    cast(closed_step, (5, [proposals[0]]))
    with CaptureQueriesContext(connection) as queries:
        again = download(client, closed_step)
        assert text_of(again) == first
    assert not [q for q in queries if "voting_ballot" in q["sql"]]
    assert len(queries) <= 6


def test_the_download_has_a_name_and_cache_headers_and_answers_304(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    cast(closed_step, (1, [proposals[3]]))
    results_publish(step=closed_step, published_by=manager)
    response = download(client, closed_step)
    assert response.status_code == 200
    organization = closed_step.organization.slug
    filename = f"{organization}_{closed_step.process.slug}_{closed_step.pk}.pb"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    again = download(client, closed_step, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert download(client, closed_step, "?scope=nowhere").status_code == 404


def test_results_published_before_files_were_stored_get_theirs_once(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    cast(closed_step, (2, [proposals[3]]))
    results = results_publish(step=closed_step, published_by=manager)
    for scope in results.figures["scopes"]:
        del scope["open_data"]
    results.save(update_fields=["figures"])
    first = text_of(download(client, closed_step))
    assert tally.parse_pabulib(first).winners == (str(proposals[3].pk),)
    stored = Results.objects.get(pk=results.pk).figures["scopes"][0]["open_data"]
    assert stored["ballots"] == 2
    with CaptureQueriesContext(connection) as queries:
        assert text_of(download(client, closed_step)) == first
    assert not [q for q in queries if "voting_ballot" in q["sql"]]


def test_a_file_lost_by_the_storage_is_written_again(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User, settings: Any
) -> None:
    cast(closed_step, (2, [proposals[3]]))
    results = results_publish(step=closed_step, published_by=manager)
    first = text_of(download(client, closed_step))
    (Path(settings.MEDIA_ROOT) / results.figures["scopes"][0]["open_data"]["name"]).unlink()
    assert text_of(download(client, closed_step)) == first


def test_a_failed_publication_leaves_no_file(
    closed_step: Step,
    proposals: list[Proposal],
    manager: User,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cast(closed_step, (2, [proposals[3]]))

    def broken(*args: Any) -> None:
        raise RuntimeError("the statuses could not change")

    monkeypatch.setattr(services_results, "_statuses_set", broken)
    with pytest.raises(RuntimeError):
        results_publish(step=closed_step, published_by=manager)
    assert not Results.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*.pb")]


def test_each_district_ballot_has_its_file(
    client: Client,
    process: Process,
    collect_step: Step,
    theme: Theme,
    district: District,
    manager: User,
) -> None:
    step = vote_step_in(process, "after", scope="both", budget=10)
    DistrictBudget.objects.create(
        organization=step.organization, settings=settings_of(step), district=district, budget=5
    )
    city = eligible(collect_step, theme, 10)
    local = eligible(collect_step, theme, 5, district=district)
    cast(step, (2, [city]))
    cast(step, (3, [local]), district=district)
    station(step, 4, {local: 4}, name="École", district=district)
    results_publish(step=step, published_by=manager)
    whole = tally.parse_pabulib(text_of(download(client, step)))
    assert [b.choices for b in whole.instance.ballots] == [(str(city.pk),)] * 2
    assert whole.meta_value("comment") is None
    local_file = tally.parse_pabulib(text_of(download(client, step, f"?scope={district.slug}")))
    assert local_file.meta_value("district") == district.name
    assert len(local_file.instance.ballots) == 3
    assert "4 paper ballots" in (local_file.meta_value("comment") or "")
    page = client.get(vote_url(step, "results"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "4 bulletins papier comptés en totaux de bureau de vote" in page


def test_the_stations_totals_are_a_csv_of_their_own(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    p60, p30, _p20, _p10 = proposals
    cast(closed_step, (1, [p30]))
    station(closed_step, 9, {p60: 9, p30: 2}, name="Mairie")
    station(closed_step, 0, {}, name="Gymnase")
    results_publish(step=closed_step, published_by=manager)
    page = client.get(vote_url(closed_step, "results"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "results.csv?table=stations" in page
    response = client.get(
        vote_url(closed_step) + "results.csv?table=stations", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert f'filename="stations-{closed_step.pk}.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert (
        lines[0]
        == "bureau de vote;bulletin;bulletins papier déposés;identifiant du projet;titre;voix"
    )
    assert lines[1:] == [
        "Gymnase;toute la démarche;0;;;0",
        f"Mairie;toute la démarche;9;{p60.pk};{p60.title};9",
        f"Mairie;toute la démarche;9;{p30.pk};{p30.title};2",
    ]
    assert client.get(vote_url(closed_step) + "results.csv?table=nope").status_code == 404


def test_the_export_command_writes_the_stored_file(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User, tmp_path: Path
) -> None:
    cast(closed_step, (2, [proposals[3]]), (1, [proposals[1]]))
    before = io.StringIO()
    call_command("export_pabulib", str(closed_step.pk), stdout=before)
    assert tally.parse_pabulib(before.getvalue()).selected is None  # not published yet
    results_publish(step=closed_step, published_by=manager)
    out = tmp_path / "step.pb"
    call_command("export_pabulib", str(closed_step.pk), "-o", str(out), stderr=io.StringIO())
    assert out.read_text(encoding="utf-8") == text_of(download(client, closed_step))


def test_the_notes_say_what_the_file_leaves_out() -> None:
    assert open_data_notes(0, 0, "budget") == ""
    assert open_data_notes(140, 0, "budget").startswith("#1: 140 paper ballots")
    notes = open_data_notes(0, 2, "ranked")
    assert notes.startswith("#1: 2 ballots naming no project")
    assert "#2: Ranked ballots" in notes


def test_no_ballot_choice_is_read_by_the_results_page(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    cast(closed_step, (1, [proposals[3]]))
    results_publish(step=closed_step, published_by=manager)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(vote_url(closed_step, "results")).status_code == 200
    assert not [q for q in queries if "voting_ballot" in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_a_download_while_another_writes_the_file_is_asked_to_come_back(
    client: Client, closed_step: Step, proposals: list[Proposal], manager: User
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks")
    cast(closed_step, (2, [proposals[3]]))
    results = results_publish(step=closed_step, published_by=manager)
    for scope in results.figures["scopes"]:
        del scope["open_data"]
    results.save(update_fields=["figures"])
    locked, release = threading.Event(), threading.Event()

    def writer_holding_the_lock() -> None:
        with scopes_disabled(), transaction.atomic():
            Results.objects.select_for_update().get(pk=results.pk)
            locked.set()
            release.wait(10)
        connections.close_all()

    thread = threading.Thread(target=writer_holding_the_lock)
    thread.start()
    assert locked.wait(10)
    try:
        busy = download(client, closed_step)
    finally:
        release.set()
        thread.join()
    assert busy.status_code == 503
    assert busy["Retry-After"] == "60"
    assert download(client, closed_step).status_code == 200
