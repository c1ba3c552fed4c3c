"""Census or invitation codes: one code stands for one person in a vote step, who casts with
it one ballot per scope (the city-wide one and their district's), online or on paper, and
nobody else; staff upload the list as a file or type it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import translation

from tessera.accounts.models import User
from tessera.organizations.models import District, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting.ballot_rules import Choice
from tessera.voting.models import AuditEntry, Ballot, CensusCode, Participation
from tessera.voting.services import (
    BallotRefused,
    ballot_submit,
    census_codes_import,
    code_hash,
    paper_ballot_record,
)
from tests.conftest import make_user
from tests.voting.conftest import eligible, vote_step_in, vote_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_step(process: Process) -> Step:
    """A vote with the city-wide ballot and one per district, census codes required."""
    step = vote_step_in(process, "during", scope="both", census_required=True)
    census_codes_import(step=step, codes=["ANNE-0001", "BRUNO-0002"])
    return step


@pytest.fixture
def city(collect_step: Step, theme: Theme) -> Proposal:
    return eligible(collect_step, theme, 10_000, title="Des arbres pour toute la ville")


@pytest.fixture
def local(collect_step: Step, theme: Theme, district: District) -> Proposal:
    return eligible(collect_step, theme, 10_000, title="Un banc à la gare", district=district)


def refusal_of(**kwargs: Any) -> BallotRefused:
    """The refusal (in French) of a paper ballot (with `recorded_by`) or an online one."""
    service: Any = paper_ballot_record if "recorded_by" in kwargs else ballot_submit
    with translation.override("fr"), pytest.raises(BallotRefused) as refusal:
        service(**kwargs)
    return refusal.value


def test_one_code_lets_its_voter_cast_the_city_and_the_district_ballot(
    voter: User, both_step: Step, city: Proposal, local: Proposal, district: District
) -> None:
    ballot_submit(voter=voter, step=both_step, choices=[Choice(city.pk)], census_code="anne-0001")
    ballot_submit(
        voter=voter,
        step=both_step,
        choices=[Choice(local.pk)],
        district=district,
        census_code="ANNE 0001",
    )
    assert Ballot.objects.count() == 2
    code = CensusCode.objects.get(code_hash=code_hash("ANNE-0001"))
    assert code.used_at is not None
    assert set(code.participations.values_list("district", flat=True)) == {None, district.pk}
    # Changing a ballot asks for nothing more.
    ballot_submit(voter=voter, step=both_step, choices=[Choice(city.pk)])
    assert Ballot.objects.count() == 2


def test_a_voter_who_holds_a_code_need_not_type_it_again(
    voter: User, both_step: Step, city: Proposal, local: Proposal, district: District
) -> None:
    ballot_submit(voter=voter, step=both_step, choices=[Choice(city.pk)], census_code="ANNE-0001")
    ballot_submit(voter=voter, step=both_step, choices=[Choice(local.pk)], district=district)
    assert Participation.objects.filter(census_code__isnull=False).count() == 2


def test_nobody_else_can_use_a_code_already_held(
    voter: User,
    organization: Any,
    both_step: Step,
    city: Proposal,
    local: Proposal,
    district: District,
) -> None:
    ballot_submit(voter=voter, step=both_step, choices=[Choice(city.pk)], census_code="ANNE-0001")
    other = make_user(organization)
    for scope, choice in ((None, city), (district, local)):
        refusal = refusal_of(
            voter=other,
            step=both_step,
            choices=[Choice(choice.pk)],
            district=scope,
            census_code="ANNE-0001",
        )
        assert refusal.messages == ["Ce code de recensement est inconnu ou déjà utilisé."]
    assert not Participation.objects.filter(voter=other).exists()
    assert Ballot.objects.count() == 1


def test_a_voter_cannot_spend_a_second_code(
    voter: User, both_step: Step, city: Proposal, local: Proposal, district: District
) -> None:
    """A second code would be somebody else's: it is refused and stays unused."""
    ballot_submit(voter=voter, step=both_step, choices=[Choice(city.pk)], census_code="ANNE-0001")
    refusal = refusal_of(
        voter=voter,
        step=both_step,
        choices=[Choice(local.pk)],
        district=district,
        census_code="BRUNO-0002",
    )
    assert "avec un autre code de recensement" in refusal.messages[0]
    assert CensusCode.objects.get(code_hash=code_hash("BRUNO-0002")).used_at is None
    assert Ballot.objects.count() == 1


def test_an_empty_code_is_asked_for_and_an_unknown_one_refused(
    voter: User, both_step: Step, city: Proposal
) -> None:
    refusal = refusal_of(voter=voter, step=both_step, choices=[Choice(city.pk)], census_code=" ")
    assert refusal.messages == ["Saisissez votre code de recensement."]
    refusal = refusal_of(voter=voter, step=both_step, choices=[Choice(city.pk)], census_code="NOPE")
    assert refusal.messages == ["Ce code de recensement est inconnu ou déjà utilisé."]
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()


def test_a_code_votes_once_per_scope_online_and_on_paper(
    voter: User,
    manager: User,
    both_step: Step,
    city: Proposal,
    local: Proposal,
    district: District,
) -> None:
    # On paper first, for the city-wide ballot.
    paper_ballot_record(
        recorded_by=manager, step=both_step, choices=[Choice(city.pk)], census_code="ANNE-0001"
    )
    refusal = refusal_of(
        recorded_by=manager, step=both_step, choices=[Choice(city.pk)], census_code="anne-0001"
    )
    assert refusal.messages == ["Ce code de recensement a déjà voté pour ce bulletin."]
    refusal = refusal_of(
        voter=voter, step=both_step, choices=[Choice(city.pk)], census_code="ANNE-0001"
    )
    assert refusal.messages == ["Ce code de recensement a déjà voté pour ce bulletin."]
    # Its holder still votes in their district, online; then not again on paper.
    ballot_submit(
        voter=voter,
        step=both_step,
        choices=[Choice(local.pk)],
        district=district,
        census_code="ANNE-0001",
    )
    refusal = refusal_of(
        recorded_by=manager,
        step=both_step,
        choices=[Choice(local.pk)],
        district=district,
        census_code="ANNE-0001",
    )
    assert refusal.messages == ["Ce code de recensement a déjà voté pour ce bulletin."]
    assert Ballot.objects.count() == 2


def test_the_database_refuses_a_code_twice_in_one_scope(
    voter: User, both_step: Step, district: District
) -> None:
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    code = CensusCode.objects.get(code_hash=code_hash("ANNE-0001"))

    def participate(scope: District | None) -> Participation:
        return Participation.objects.create(
            organization=both_step.organization,
            step=both_step,
            district=scope,
            channel="paper",
            census_code=code,
            voted_at=timezone.now(),
        )

    participate(None)
    participate(district)
    for scope in (None, district):
        with pytest.raises(IntegrityError), transaction.atomic():
            participate(scope)


def test_the_vote_page_casts_both_ballots_with_one_code(
    client: Client,
    voter: User,
    both_step: Step,
    city: Proposal,
    local: Proposal,
    district: District,
) -> None:
    client.force_login(voter)
    basket = vote_url(both_step, "basket")
    submit = vote_url(both_step, "submit")
    client.post(basket, {"action": "add", "proposal": city.pk})
    assert client.post(submit, {"census_code": "ANNE-0001"}).status_code == 302
    client.post(basket, {"action": "add", "proposal": local.pk, "scope": district.slug})
    response = client.post(submit, {"census_code": "ANNE-0001", "scope": district.slug})
    assert response.status_code == 302
    assert "/thanks/" in response["Location"]
    assert Ballot.objects.count() == 2
    assert Participation.objects.filter(voter=voter).count() == 2


# --- Staff upload the list --------------------------------------------------------------


@pytest.fixture
def manager_client(client: Client, manager: User) -> Client:
    client.force_login(manager)
    return client


def upload(client: Client, step: Step, content: bytes, name: str = "codes.csv", **data: Any) -> Any:
    return client.post(
        vote_url(step, "manage/census"),
        {"file": SimpleUploadedFile(name, content), **data},
        HTTP_ACCEPT_LANGUAGE="fr",
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("codes.txt", b"ANNE-0001\r\nBRUNO-0002\n\n  CHLOE-0003  \n"),
        (
            "codes.csv",
            "\ufeffcode;nom\nANNE-0001;Anne\nBRUNO-0002;Bruno\nCHLOE-0003;Chloé\n".encode(),
        ),
        ("CODES.CSV", b'"ANNE-0001","x"\n"BRUNO-0002","y"\nCHLOE-0003,z\n'),
        ("codes.csv", b"ANNE-0001\tA\nBRUNO-0002\tB\nCHLOE-0003\tC\n"),
    ],
)
def test_staff_upload_a_file_of_codes(
    manager_client: Client, vote_step: Step, name: str, content: bytes
) -> None:
    response = upload(manager_client, vote_step, content, name)
    assert response.status_code == 302
    assert set(CensusCode.objects.values_list("code_hash", flat=True)) == {
        code_hash(code) for code in ("ANNE-0001", "BRUNO-0002", "CHLOE-0003")
    }
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.details) == (
        "census_codes",
        {"sent": 3, "added": 3, "source": "file"},
    )
    assert "ANNE" not in str(entry.details)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("codes.xlsx", b"PK\x03\x04", "Choisissez un fichier CSV ou TXT."),
        ("codes.csv", "ANNE-0001;Anne\nCHLOÉ;x\n".encode("latin-1"), "n’est pas un texte en UTF-8"),
        ("codes.txt", b"ANNE\x00\x01\x02", "n’est pas un fichier texte"),
        ("codes.csv", b"\n\n;\n", "Ce fichier ne contient aucun code."),
        ("codes.txt", b"ANNE-0001\n" + b"X" * 41 + b"\n", "Ligne 2 : un code a au plus 40"),
        ("codes.txt", b"", "Le fichier soumis est vide."),
    ],
)
def test_a_bad_file_comes_back_with_its_reason_and_nothing_is_stored(
    manager_client: Client, vote_step: Step, name: str, content: bytes, message: str
) -> None:
    response = upload(manager_client, vote_step, content, name, codes="")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CensusCode.objects.exists()
    assert not AuditEntry.objects.exists()


def test_neither_codes_nor_a_file_asks_for_one(manager_client: Client, vote_step: Step) -> None:
    response = manager_client.post(
        vote_url(vote_step, "manage/census"), {"codes": "  \n"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 400
    assert "Saisissez les codes, ou choisissez un fichier de codes." in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_a_file_over_the_limit_is_refused(
    manager_client: Client, vote_step: Step, settings: Any
) -> None:
    from tessera.voting import forms

    limit = forms.CENSUS_FILE_MAX_BYTES
    forms.CENSUS_FILE_MAX_BYTES = 20
    try:
        response = upload(manager_client, vote_step, b"ANNE-0001\n" * 3)
    finally:
        forms.CENSUS_FILE_MAX_BYTES = limit
    assert response.status_code == 400
    assert "Le fichier dépasse 5 Mo." in response.content.decode()
    assert not CensusCode.objects.exists()


def test_typed_codes_are_kept_when_the_form_comes_back(
    manager_client: Client, vote_step: Step
) -> None:
    typed = "ANNE-0001\nBRUNO-0002"
    response = upload(manager_client, vote_step, b"\xff\xfe", "codes.txt", codes=typed)
    assert response.status_code == 400
    assert typed in response.content.decode()
    assert not CensusCode.objects.exists()


def test_typed_codes_and_a_file_add_up(manager_client: Client, vote_step: Step) -> None:
    response = upload(manager_client, vote_step, b"ANNE-0001\nBRUNO-0002\n", codes="anne 0001\nZOE")
    assert response.status_code == 302
    assert CensusCode.objects.count() == 3
    assert AuditEntry.objects.get().details["source"] == "text and file"


def test_the_manage_page_offers_the_upload(manager_client: Client, vote_step: Step) -> None:
    page = manager_client.get(vote_url(vote_step, "manage"), HTTP_ACCEPT_LANGUAGE="fr")
    text = page.content.decode()
    assert 'enctype="multipart/form-data"' in text
    assert 'type="file"' in text
    assert "Ou un fichier de codes (CSV ou TXT)" in text


def test_residents_cannot_upload_codes(client: Client, resident: User, vote_step: Step) -> None:
    client.force_login(resident)
    assert upload(client, vote_step, b"ANNE-0001\n").status_code == 403
    assert not CensusCode.objects.exists()


# --- The migration ----------------------------------------------------------------------

BEFORE = [("voting", "0004_ballot_without_voter")]
AFTER = [("voting", "0005_census_code_per_voter")]


@pytest.fixture
def executor() -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_census_migration_goes_back_keeping_each_codes_first_participation(
    executor: MigrationExecutor, voter: User, both_step: Step, district: District
) -> None:
    from django.utils import timezone

    code = CensusCode.objects.get(code_hash=code_hash("ANNE-0001"))
    first = Participation.objects.create(
        organization=both_step.organization,
        step=both_step,
        voter=voter,
        census_code=code,
        voted_at=timezone.now(),
    )
    Participation.objects.create(
        organization=both_step.organization,
        step=both_step,
        district=district,
        voter=voter,
        census_code=code,
        voted_at=timezone.now(),
    )
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    OldParticipation = apps.get_model("voting", "Participation")
    linked = OldParticipation.objects.filter(census_code__isnull=False)
    assert list(linked.values_list("pk", flat=True)) == [first.pk]
    assert OldParticipation.objects.count() == 2

    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Participation_ = apps.get_model("voting", "Participation")
    assert Participation_.objects.filter(census_code_id=code.pk).count() == 1


# --- Under concurrency (PostgreSQL: row locks) ---------------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL (CI runs it): SQLite serialises every write",
)


def together(*calls: Any) -> list[str]:
    """Run the calls at the same moment, each in its own thread and connection; returns
    "ok" or the refusal's code of each, in order."""
    import threading

    from django.db import connections
    from django_scopes import scopes_disabled

    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = [""] * len(calls)

    def run(index: int, call: Any) -> None:
        with scopes_disabled():
            try:
                barrier.wait()
                call()
                outcomes[index] = "ok"
            except BallotRefused as refusal:
                outcomes[index] = str(refusal.code)
            finally:
                connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_one_voters_two_ballots_at_once_with_one_code_both_count(
    round_: int, voter: User, both_step: Step, city: Proposal, local: Proposal, district: District
) -> None:
    outcomes = together(
        lambda: ballot_submit(
            voter=voter, step=both_step, choices=[Choice(city.pk)], census_code="ANNE-0001"
        ),
        lambda: ballot_submit(
            voter=voter,
            step=both_step,
            choices=[Choice(local.pk)],
            district=district,
            census_code="ANNE-0001",
        ),
    )
    assert outcomes == ["ok", "ok"]
    assert Ballot.objects.count() == 2


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_accounts_racing_for_one_code_leave_it_to_one(
    voter: User,
    organization: Any,
    both_step: Step,
    city: Proposal,
    local: Proposal,
    district: District,
) -> None:
    other = make_user(organization)
    outcomes = together(
        lambda: ballot_submit(
            voter=voter, step=both_step, choices=[Choice(city.pk)], census_code="ANNE-0001"
        ),
        lambda: ballot_submit(
            voter=other,
            step=both_step,
            choices=[Choice(local.pk)],
            district=district,
            census_code="ANNE-0001",
        ),
    )
    assert sorted(outcomes) == ["census", "ok"]
    assert Participation.objects.filter(census_code__isnull=False).count() == 1
    assert Ballot.objects.count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_one_voter_racing_with_two_codes_spends_only_one(
    voter: User, both_step: Step, city: Proposal, local: Proposal, district: District
) -> None:
    outcomes = together(
        lambda: ballot_submit(
            voter=voter, step=both_step, choices=[Choice(city.pk)], census_code="ANNE-0001"
        ),
        lambda: ballot_submit(
            voter=voter,
            step=both_step,
            choices=[Choice(local.pk)],
            district=district,
            census_code="BRUNO-0002",
        ),
    )
    assert sorted(outcomes) == ["census_other", "ok"]
    assert CensusCode.objects.filter(used_at__isnull=False).count() == 1
    assert Ballot.objects.count() == 1
