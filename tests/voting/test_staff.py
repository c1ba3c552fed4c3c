"""Staff pages: paper ballots one by one, polling station totals, voting and census codes,
the admin; and residents voting with a mailed code."""

from __future__ import annotations

import re
import zlib

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting.models import (
    Ballot,
    CensusCode,
    PaperTotal,
    Participation,
    PollingStation,
    VotingCode,
)
from tessera.voting.services import code_hash
from tests.voting.conftest import vote_step_in, vote_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client: Client, manager: User) -> Client:
    client.force_login(manager)
    return client


def test_residents_do_not_reach_the_staff_pages(
    client: Client, resident: User, vote_step: Step
) -> None:
    client.force_login(resident)
    for name in ("manage", "manage/paper", "manage/stations/new"):
        assert client.get(vote_url(vote_step, name)).status_code == 403
    assert (
        client.post(vote_url(vote_step, "manage/codes"), {"count": 3, "output": "csv"}).status_code
        == 403
    )


def test_staff_enter_a_paper_ballot_with_the_same_rules(
    manager_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    page = manager_client.get(vote_url(vote_step, "manage/paper"))
    assert page.status_code == 200
    assert proposals[0].title in page.text
    too_much = {"choice": [p.pk for p in proposals]}
    response = manager_client.post(
        vote_url(vote_step, "manage/paper"), too_much, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 400
    assert "dépasse l&#x27;enveloppe" in response.text
    response = manager_client.post(
        vote_url(vote_step, "manage/paper"), {"choice": [proposals[1].pk]}
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.is_paper
    assert ballot.reference is None
    assert Participation.objects.get().channel == "paper"


def test_a_forged_paper_form_is_refused(
    manager_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    for data in (
        {"choice": ["abc"]},
        {"choice": [proposals[0].pk, proposals[0].pk]},
        {"choice": ["999999"]},
    ):
        assert manager_client.post(vote_url(vote_step, "manage/paper"), data).status_code == 400
    assert not Ballot.objects.exists()


def test_staff_enter_a_polling_station_totals(
    manager_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    data = {
        "name": "Mairie",
        "ballots_count": "12",
        f"votes-{proposals[0].pk}": "7",
        f"votes-{proposals[1].pk}": "5",
    }
    assert manager_client.post(vote_url(vote_step, "manage/stations/new"), data).status_code == 302
    station = PollingStation.objects.get()
    assert station.ballots_count == 12
    assert dict(PaperTotal.objects.values_list("proposal_id", "votes")) == {
        proposals[0].pk: 7,
        proposals[1].pk: 5,
    }
    url = vote_url(vote_step, f"manage/stations/{station.pk}")
    assert manager_client.get(url).status_code == 200
    assert manager_client.post(url, {"ballots_count": "-1"}).status_code == 400
    assert (
        manager_client.post(
            url, {"ballots_count": "3", f"votes-{proposals[0].pk}": "2"}
        ).status_code
        == 302
    )
    assert dict(PaperTotal.objects.values_list("proposal_id", "votes")) == {proposals[0].pk: 2}


def pdf_texts(pdf: bytes) -> tuple[str, int]:
    """The text drawn on the pages (every content stream, inflated) and the page count: the
    built-in fonts write their text as plain Windows-1252 strings in those streams."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.DOTALL)
    drawn = []
    for raw in streams:
        try:
            drawn.append(zlib.decompress(raw).decode("cp1252"))
        except zlib.error:
            continue  # not a compressed content stream (none here, but harmless)
    return "\n".join(drawn), len(re.findall(rb"/Type /Page\b", pdf))


def test_voting_codes_come_as_csv_or_a_pdf_of_cards_once(
    manager_client: Client, vote_step: Step
) -> None:
    response = manager_client.post(
        vote_url(vote_step, "manage/codes"), {"count": 3, "output": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert len(lines) == 4
    response = manager_client.post(
        vote_url(vote_step, "manage/codes"),
        {"count": 10, "output": "pdf"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert f'filename="codes-{vote_step.pk}.pdf"' in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    text, pages = pdf_texts(pdf)
    assert pages == 2  # eight cards a page
    codes = re.findall(r"\(([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\)", text)
    assert len(set(codes)) == 10
    assert {code_hash(code) for code in codes} == set(
        VotingCode.objects.filter(serial__gt=3).values_list("code_hash", flat=True)
    )
    assert "N° 10" in text
    assert "Votez en ligne" in text
    assert vote_step.process.title in text
    assert f"/steps/{vote_step.pk}/vote/code/" in text
    assert list(VotingCode.objects.values_list("serial", flat=True)) == list(range(1, 14))


def test_the_pdf_draws_french_typography_and_replaces_what_its_fonts_lack() -> None:
    from tessera.voting.codes_pdf import codes_pdf

    pdf = codes_pdf(
        site_name="Ville d’Essai",
        process="Budget « vert » 2026: 42\u202f000\u00a0€",
        step="Vote",
        url="https://essai.example/vote/code/",
        pairs=[(1, "AAAA-BBBB-CCCC")],
    )
    text, pages = pdf_texts(pdf)
    assert pages == 1
    assert "Ville d’Essai" in text
    assert "« vert » 2026: 42 000 €" in text  # fpdf2 draws the no-break spaces as spaces
    assert "(AAAA-BBBB-CCCC)" in text
    assert (
        "?"
        in pdf_texts(codes_pdf(site_name="東京", process="P", step="S", url="u", pairs=[(1, "X")]))[
            0
        ]
    )


def test_staff_import_census_codes(manager_client: Client, vote_step: Step) -> None:
    manager_client.post(vote_url(vote_step, "manage/census"), {"codes": "A1\nB2\nA1\n"})
    assert CensusCode.objects.count() == 2


def test_a_person_without_an_account_votes_once_with_a_code(
    client: Client, manager_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    csv_text = manager_client.post(
        vote_url(vote_step, "manage/codes"), {"count": 1, "output": "csv"}
    ).content.decode()
    code = re.findall(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", csv_text)[0]
    anonymous = Client()
    assert anonymous.get(vote_url(vote_step, "code")).status_code == 200
    done = anonymous.post(vote_url(vote_step, "code"), {"code": code, "choice": [proposals[2].pk]})
    assert done.status_code == 200
    assert Ballot.objects.get().channel == "code"
    assert Participation.objects.get().voting_code is not None
    again = anonymous.post(vote_url(vote_step, "code"), {"code": code, "choice": [proposals[2].pk]})
    assert again.status_code == 400
    assert Ballot.objects.count() == 1


def test_the_admin_lists_the_vote_settings(client: Client, admin: User, vote_step: Step) -> None:
    client.force_login(admin)
    assert client.get("/admin/voting/votesettings/").status_code == 200
    from tessera.voting.models import VoteSettings

    settings = VoteSettings.objects.get(step=vote_step)
    page = client.get(f"/admin/voting/votesettings/{settings.pk}/change/")
    assert page.status_code == 200
    assert "equal-shares" in page.text
    for model in ("ballot", "votingcode", "pollingstation", "results"):
        assert client.get(f"/admin/voting/{model}/").status_code == 200


def test_ranked_steps_take_paper_ballots_one_by_one(
    manager_client: Client, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", kind="ranked", max_choices=2, budget=None)
    assert manager_client.get(vote_url(step, "manage/stations/new")).status_code == 302
    data = {f"rank-{proposals[0].pk}": "2", f"rank-{proposals[1].pk}": "1"}
    assert manager_client.post(vote_url(step, "manage/paper"), data).status_code == 302
    ranks = dict(Ballot.objects.get().choices.values_list("proposal_id", "rank"))
    assert ranks == {proposals[0].pk: 2, proposals[1].pk: 1}


@pytest.mark.django_db(transaction=True)  # seed_bench runs VACUUM on PostgreSQL
def test_seed_ballots_fills_the_benchmark_vote_step() -> None:
    import io

    from django.core.management import call_command

    call_command(
        "seed_bench",
        users=20,
        proposals=30,
        supports=10,
        comments=0,
        host="bench.localhost",
        stdout=io.StringIO(),
    )
    out = io.StringIO()
    call_command("seed_ballots", ballots=500, eligible=10, stdout=out)
    assert out.getvalue().startswith("500 ballots")
    step = Step.objects.get(process__organization__slug="bench", kind="vote")
    assert Ballot.objects.filter(step=step).count() == 500
    assert step.phase().value == "current"


def test_guessing_voting_codes_is_slowed_down(client: Client, vote_step: Step) -> None:
    statuses = [
        client.post(vote_url(vote_step, "code"), {"code": f"GUESS-{n:04d}"}).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[-1] == 429


def test_a_refused_paper_ballot_comes_back_with_what_was_ticked(
    manager_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    ticked = [p.pk for p in proposals]  # over the envelope
    response = manager_client.post(
        vote_url(vote_step, "manage/paper"), {"choice": ticked, "census_code": "ABC"}
    )
    assert response.status_code == 400
    for pk in ticked:
        assert f'value="{pk}" checked' in response.text
    assert 'value="ABC"' in response.text
    assert "60\u202f000\u00a0€" in response.text  # costs as French money
    assert not Ballot.objects.exists()


def test_refused_totals_for_a_new_station_leave_no_empty_station(
    manager_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    data = {"name": "Mairie", "ballots_count": "12", f"votes-{proposals[0].pk}": "-3"}
    response = manager_client.post(vote_url(vote_step, "manage/stations/new"), data)
    assert response.status_code == 400
    assert not PollingStation.objects.exists()
    assert 'value="Mairie"' in response.text
    assert 'value="-3"' in response.text
    assert 'value="12"' in response.text


def test_staff_actions_are_listed_on_the_manage_page_and_in_the_admin(
    manager_client: Client, manager: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    from tessera.voting.models import AuditEntry

    manager_client.post(vote_url(vote_step, "manage/paper"), {"choice": [proposals[1].pk]})
    manager_client.post(
        vote_url(vote_step, "manage/stations/new"),
        {"name": "Mairie", "ballots_count": "3", f"votes-{proposals[0].pk}": "3"},
    )
    manager_client.post(vote_url(vote_step, "manage/codes"), {"count": 2, "output": "csv"})
    manager_client.post(vote_url(vote_step, "manage/census"), {"codes": "A1\nB2"})
    assert list(AuditEntry.objects.order_by("at", "pk").values_list("action", flat=True)) == [
        "paper_ballot",
        "station_totals",
        "voting_codes",
        "census_codes",
    ]
    assert set(AuditEntry.objects.values_list("actor", flat=True)) == {manager.pk}
    page = manager_client.get(vote_url(vote_step, "manage"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Actions de l’équipe" in page.text
    assert "Bulletin papier saisi" in page.text
    assert "Totaux d’un bureau de vote enregistrés (Mairie)" in page.text
    assert str(manager) in page.text
    listing = manager_client.get("/admin/voting/auditentry/")
    assert listing.status_code == 200
    entry = AuditEntry.objects.get(action="station_totals")
    detail = manager_client.get(f"/admin/voting/auditentry/{entry.pk}/change/")
    assert detail.status_code == 200
    assert "Mairie" in detail.text
    # Read only: no adding, changing or deleting an audit line.
    assert manager_client.get("/admin/voting/auditentry/add/").status_code == 403
    assert (
        manager_client.post(f"/admin/voting/auditentry/{entry.pk}/delete/", {"post": "yes"})
    ).status_code == 403
    assert AuditEntry.objects.count() == 4
