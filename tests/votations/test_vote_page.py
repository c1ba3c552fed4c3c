"""The votation page through HTTP: a vote cast, changed, refused with a clear message and the
choice kept; one-time codes, census codes, majority judgment, receipts, results, open data."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.core.sealing import unseal
from tessera.organizations.models import District
from tessera.processes.models import Process
from tessera.votations.models import Ballot, Participation, PendingBallot
from tessera.votations.services import votation_close
from tessera.voting.services.codes import census_codes_import, voting_codes_generate
from tests.conftest import make_user
from tests.votations.conftest import Votation, close, votation_in

pytestmark = pytest.mark.django_db


def english() -> Client:
    return Client(headers={"accept-language": "en"})


def logged(user: User) -> Client:
    client = english()
    client.force_login(user)
    return client


def cast(client: Client, v: Votation, label: str, **extra: str) -> Any:
    return client.post(v.vote_url(), {"answer": str(v.answer(label).pk), **extra})


def receipt_in(response: Any) -> str:
    html = response.content.decode()
    start = html.index('class="receipt">') + len('class="receipt">')
    return html[start : start + 11]


def test_the_page_shows_the_question_its_answers_and_what_is_stored(
    votation: Votation, resident: User
) -> None:
    response = logged(resident).get(votation.url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Approuvez-vous l" in html
    for answer in votation.answers:
        assert f'value="{answer.pk}"' in html
    assert "stored-statement" in html


def test_a_vote_is_stored_sealed_with_its_participation_and_gives_a_receipt(
    votation: Votation, resident: User
) -> None:
    response = cast(logged(resident), votation, "Non")
    assert response.status_code == 200
    receipt = receipt_in(response)
    assert Participation.objects.get(step=votation.step).voter == resident
    content = unseal(bytes(PendingBallot.objects.get(step=votation.step).sealed))
    assert content["answer"] == votation.answer("Non").pk
    assert content["receipt"] == receipt
    page = logged(resident).get(votation.url()).content.decode()
    assert receipt in page
    assert "checked" in page


def test_a_voter_changes_their_vote_until_the_close_and_one_ballot_counts(
    votation: Votation, resident: User, settings: Any
) -> None:
    settings.VOTATION_MIX_BATCH = 1  # counted at once: the change replaces a counted ballot
    client = logged(resident)
    cast(client, votation, "Oui")
    assert Ballot.objects.get(step=votation.step).answer == votation.answer("Oui")
    second = receipt_in(cast(client, votation, "Non"))
    ballot = Ballot.objects.get(step=votation.step)
    assert (ballot.answer, ballot.receipt) == (votation.answer("Non"), second)
    assert Participation.objects.filter(step=votation.step).count() == 1


def test_a_second_vote_is_refused_where_votes_cannot_change(
    process: Process, resident: User
) -> None:
    v = votation_in(process, ballot_changeable=False)
    client = logged(resident)
    cast(client, v, "Oui")
    response = cast(client, v, "Non")
    assert response.status_code == 403
    assert PendingBallot.objects.filter(step=v.step).count() == 1


@pytest.mark.parametrize("posted", [{}, {"answer": "999999"}, {"answer": "oui"}])
def test_a_missing_or_forged_answer_is_refused_with_a_message(
    votation: Votation, resident: User, posted: dict[str, str]
) -> None:
    response = logged(resident).post(votation.vote_url(), posted)
    assert response.status_code == 400
    assert "Choose one answer." in response.content.decode()
    assert not Participation.objects.exists()
    assert not PendingBallot.objects.exists()


def test_a_judgment_missing_a_grade_is_refused_keeping_the_grades_given(
    process: Process, resident: User
) -> None:
    v = votation_in(process, answers=("Parc", "Piscine", "Parking"), blank=False, kind="judgment")
    parc, piscine, parking = v.answers
    client = logged(resident)
    response = client.post(v.vote_url(), {f"grade_{parc.pk}": "5", f"grade_{piscine.pk}": "2"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Grade every answer." in html
    assert f'name="grade_{parc.pk}" value="5" checked' in html
    grades = {f"grade_{a.pk}": g for a, g in ((parc, "5"), (piscine, "2"), (parking, "0"))}
    assert client.post(v.vote_url(), grades).status_code == 200
    content = unseal(bytes(PendingBallot.objects.get().sealed))
    assert content["grades"] == {str(parc.pk): 5, str(piscine.pk): 2, str(parking.pk): 0}


def test_a_vote_after_the_close_is_refused(process: Process, resident: User) -> None:
    v = votation_in(process, phase="after")
    response = cast(logged(resident), v, "Oui")
    assert response.status_code == 403
    assert not Participation.objects.exists()


def test_a_visitor_is_sent_to_log_in(votation: Votation) -> None:
    response = cast(english(), votation, "Oui")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_age_and_district_are_the_vote_steps_rules(process: Process, resident: User) -> None:
    district = District.objects.create(organization=process.organization, name="Gare", slug="gare")
    v = votation_in(process, min_age=16, district=district)
    young = make_user(process.organization, year_of_birth=2020, district=district)
    elsewhere = make_user(process.organization, year_of_birth=1980)
    here = make_user(process.organization, year_of_birth=1980, district=district)
    assert "from the age of 16" in logged(young).get(v.url()).content.decode()
    assert cast(logged(young), v, "Oui").status_code == 403
    assert cast(logged(elsewhere), v, "Oui").status_code == 403
    assert cast(logged(here), v, "Oui").status_code == 200


def test_an_unverified_account_cannot_vote(votation: Votation, unverified_resident: User) -> None:
    response = cast(logged(unverified_resident), votation, "Oui")
    assert response.status_code == 403
    assert not Participation.objects.exists()


def test_a_census_code_votes_once_online_or_on_paper(
    process: Process, resident: User, manager: User
) -> None:
    v = votation_in(process, census_required=True)
    census_codes_import(step=v.step, codes=["AAAA-1111", "BBBB-2222"])
    wrong = cast(logged(resident), v, "Oui", census_code="ZZZZ-9999")
    assert wrong.status_code == 400
    assert "census or invitation code" in wrong.content.decode()
    assert cast(logged(resident), v, "Oui", census_code="aaaa1111").status_code == 200
    other = make_user(process.organization)
    assert cast(logged(other), v, "Non", census_code="AAAA-1111").status_code == 400
    stations = f"/manage{v.url()}votation/stations/"
    staff = logged(manager)
    assert staff.post(stations, {"census_code": "AAAA-1111"}).status_code == 400  # online
    assert staff.post(stations, {"census_code": "BBBB-2222"}).status_code == 302
    assert cast(logged(other), v, "Non", census_code="BBBB-2222").status_code == 400  # paper
    assert Participation.objects.filter(step=v.step).count() == 2


def test_a_one_time_code_votes_once_without_an_account(process: Process) -> None:
    v = votation_in(process, codes_allowed=True)
    [(_serial, code)] = voting_codes_generate(step=v.step, count=1)
    visitor = english()
    assert 'name="code"' in visitor.get(v.url()).content.decode()
    wrong = cast(visitor, v, "Oui", code="NOPE-NOPE-NOPE")
    assert wrong.status_code == 400
    assert "voting code is unknown" in wrong.content.decode()
    assert 'value="NOPE-NOPE-NOPE"' in wrong.content.decode()  # what was typed is kept
    assert cast(visitor, v, "Oui", code=code).status_code == 200
    assert cast(visitor, v, "Non", code=code).status_code == 400
    assert Participation.objects.get(step=v.step).voter is None


def test_codes_do_not_vote_where_the_organiser_did_not_allow_them(votation: Votation) -> None:
    [(_serial, code)] = voting_codes_generate(step=votation.step, count=1)
    assert cast(english(), votation, "Oui", code=code).status_code == 403


def test_a_receipt_says_waiting_then_counted(votation: Votation, resident: User) -> None:
    receipt = receipt_in(cast(logged(resident), votation, "Oui"))
    url = f"{votation.url()}votation/receipt/"
    assert "next batch" in english().get(url, {"receipt": receipt}).content.decode()
    close(votation)
    votation_close(votation.step)
    assert "is counted" in english().get(url, {"receipt": receipt}).content.decode()
    assert english().get(url, {"receipt": "XXXXX-XXXXX"}).status_code == 404


def test_results_and_open_data_after_the_close_only(process: Process, settings: Any) -> None:
    settings.VOTATION_MIX_BATCH = 1000
    v = votation_in(process, eligible_population=10)
    for label in ("Non", "Non", "Non", "Oui", "blank"):
        cast(logged(make_user(process.organization)), v, label)
    assert english().get(v.results_url()).status_code == 403
    close(v)
    page = english().get(v.results_url()).content.decode()
    assert "Ballot" not in page
    assert "75.0" in page or "75,0" in page  # of the expressed votes
    assert "60.0" in page or "60,0" in page  # of all votes
    assert "5 voters chose" in page or "5 votants" in page
    assert not Ballot.objects.filter(reference__isnull=False).exists()
    response = english().get(f"{v.url()}votation/ballots.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["receipt", "channel", "answer"]
    blank = v.answer("blank").label
    assert sorted(row[2] for row in rows[1:]) == sorted(["Non", "Non", "Non", "Oui", blank])


def test_a_polling_station_count_is_reconciled_against_its_signatures(
    votation: Votation, manager: User, resident: User
) -> None:
    url = f"/manage{votation.url()}votation/stations/"
    fields = {f"answer_{a.pk}": n for a, n in zip(votation.answers, ("40", "70", "5"), strict=True)}
    bad = logged(manager).post(url, {"name": "Mairie", "signatures": "-3", **fields})
    assert bad.status_code == 400
    assert 'value="Mairie"' in bad.content.decode()
    assert (
        logged(manager).post(url, {"name": "Mairie", "signatures": "117", **fields}).status_code
        == 302
    )
    page = logged(manager).get(url).content.decode()
    assert "115" in page
    assert "2 signatures more than ballots" in page
    assert logged(resident).get(url).status_code == 403


def test_staff_hand_out_voting_codes_and_census_codes(process: Process, manager: User) -> None:
    v = votation_in(process, codes_allowed=True, census_required=True)
    base = f"/manage{v.url()}votation/"
    staff = logged(manager)
    assert "Generate the codes" in staff.get(f"{base}stations/").content.decode()
    response = staff.post(f"{base}codes/", {"count": "3", "output": "csv"})
    rows = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 4
    code = rows[1].split(";")[1]
    assert cast(english(), v, "Oui", code=code).status_code == 200
    bad = staff.post(f"{base}stations/", {"action": "census", "codes": ""})
    assert bad.status_code == 400
    added = staff.post(f"{base}stations/", {"action": "census", "codes": "AAAA-1111\nBBBB-2222"})
    assert added.status_code == 302
    voter = make_user(process.organization)
    assert cast(logged(voter), v, "Non", census_code="BBBB-2222").status_code == 200
    assert staff.post(f"{base}codes/", {"count": "0"}).status_code == 302
    assert logged(voter).post(f"{base}codes/", {"count": "3"}).status_code == 403
