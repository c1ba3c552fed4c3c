"""ballot_submit and friends: one transaction, the pure rules, one ballot per voter."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone, translation

from tessera.accounts.models import User
from tessera.organizations.models import District, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting.ballot_rules import Choice
from tessera.voting.models import (
    Ballot,
    BallotChoice,
    BallotDraft,
    CensusCode,
    Participation,
    VotingCode,
)
from tessera.voting.secrecy import ballot_reference
from tessera.voting.selectors import ballot_of, turnout
from tessera.voting.services import (
    BallotRefused,
    ballot_submit,
    ballot_submit_with_code,
    census_codes_import,
    code_hash,
    draft_save,
    paper_ballot_record,
    voting_codes_generate,
)
from tessera.voting.signals import ballot_submitted
from tests.conftest import make_user
from tests.voting.conftest import eligible, settings_of, vote_step_in

pytestmark = pytest.mark.django_db


def approve(*proposals: Proposal) -> list[Choice]:
    return [Choice(p.pk) for p in proposals]


def test_it_stores_a_ballot_and_its_choices(
    voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    ballot_submit(voter=voter, step=vote_step, choices=approve(*proposals[:2]))
    ballot = Ballot.objects.get()
    assert not ballot.is_paper
    participation = Participation.objects.get()
    assert (participation.voter, participation.step, participation.channel) == (
        voter,
        vote_step,
        "online",
    )
    assert set(
        BallotChoice.objects.filter(ballot=ballot).values_list("proposal_id", flat=True)
    ) == {
        proposals[0].pk,
        proposals[1].pk,
    }


def test_it_refuses_a_ballot_over_the_envelope(
    voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    with translation.override("fr"), pytest.raises(BallotRefused) as refusal:
        ballot_submit(voter=voter, step=vote_step, choices=approve(*proposals))
    assert (refusal.value.code, refusal.value.codes) == ("rules", ["budget"])
    assert refusal.value.messages == ["Votre sélection dépasse l'enveloppe de 20\u202f000\u00a0€"]
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    "forged",
    ["ineligible", "other_process", "duplicate", "negative_points", "rank", "unknown"],
)
def test_a_forged_ballot_is_never_stored(
    forged: str,
    voter: User,
    vote_step: Step,
    proposals: list[Proposal],
    collect_step: Step,
    theme: Theme,
    organization: object,
) -> None:
    from tests.factories import ProcessFactory
    from tests.proposals.factories import ProposalFactory

    first = proposals[3]
    choices: list[Choice]
    if forged == "ineligible":
        choices = [Choice(ProposalFactory(step=collect_step, theme=theme, estimated_cost=1).pk)]
    elif forged == "other_process":
        other = eligible(
            ProposalFactory(step__process=ProcessFactory(organization=organization)).step, theme, 1
        )
        choices = [Choice(other.pk)]
    elif forged == "duplicate":
        choices = [Choice(first.pk), Choice(first.pk)]
    elif forged == "negative_points":
        choices = [Choice(first.pk, points=-5)]
    elif forged == "rank":
        choices = [Choice(first.pk, rank=3)]
    else:
        choices = [Choice(999_999)]
    with pytest.raises(BallotRefused):
        ballot_submit(voter=voter, step=vote_step, choices=choices)
    assert not Ballot.objects.exists()


def test_a_proposal_of_another_district_is_refused(
    voter: User,
    process: Process,
    collect_step: Step,
    theme: Theme,
    district: District,
    organization: object,
) -> None:
    from tests.factories import DistrictFactory

    step = vote_step_in(process, "during", scope="district")
    other = DistrictFactory(organization=organization)
    here = eligible(collect_step, theme, 10, district=district)
    there = eligible(collect_step, theme, 10, district=other)
    with pytest.raises(BallotRefused):
        ballot_submit(voter=voter, step=step, choices=[Choice(there.pk)], district=district)
    ballot_submit(voter=voter, step=step, choices=[Choice(here.pk)], district=district)
    assert Ballot.objects.get().district == district


def test_a_voter_changes_their_ballot_until_the_close(
    voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[0]))
    ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[1], proposals[2]))
    assert Ballot.objects.count() == 1
    assert set(BallotChoice.objects.values_list("proposal_id", flat=True)) == {
        proposals[1].pk,
        proposals[2].pk,
    }


def test_a_ballot_cannot_change_when_the_step_says_so(
    voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    settings = settings_of(vote_step)
    settings.ballot_changeable = False
    settings.save()
    ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[0]))
    vote_step.refresh_from_db()
    with pytest.raises(BallotRefused) as refusal:
        ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[1]))
    assert refusal.value.code == "already_voted"


def test_it_refuses_a_closed_step(voter: User, process: Process, proposals: list[Proposal]) -> None:
    for phase in ("before", "after"):
        with pytest.raises(BallotRefused):
            ballot_submit(
                voter=voter, step=vote_step_in(process, phase), choices=approve(proposals[0])
            )


def test_it_refuses_an_unverified_or_too_young_voter(
    organization: object, vote_step: Step, proposals: list[Proposal], unverified_resident: User
) -> None:
    with pytest.raises(BallotRefused):
        ballot_submit(voter=unverified_resident, step=vote_step, choices=approve(proposals[0]))
    settings = settings_of(vote_step)
    settings.min_age = 16
    settings.save()
    young = make_user(organization, year_of_birth=timezone.localdate().year - 10)  # type: ignore[arg-type]
    with pytest.raises(BallotRefused):
        ballot_submit(
            voter=young, step=Step.objects.get(pk=vote_step.pk), choices=approve(proposals[0])
        )


def test_the_submission_replaces_the_draft_and_announces_the_ballot(
    voter: User,
    vote_step: Step,
    proposals: list[Proposal],
    heard: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The thank-you (notifications) hears of the ballot with its lines, once committed."""
    calls = heard(ballot_submitted)
    draft_save(voter=voter, step=vote_step, district=None, choices=approve(proposals[0]))
    with django_capture_on_commit_callbacks(execute=True):
        ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[0]))
        assert calls == []
    assert not BallotDraft.objects.exists()
    [call] = calls
    assert (call["voter"], call["step"]) == (voter, vote_step)
    assert "ballot" not in call  # nothing that names the ballot reaches the apps above
    assert [(option.title, points) for option, points in call["lines"]] == [
        (proposals[0].title, None)
    ]


def test_a_census_code_is_used_once_online_or_on_paper(
    voter: User, manager: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    settings = settings_of(vote_step)
    settings.census_required = True
    settings.save()
    vote_step.refresh_from_db()
    assert census_codes_import(step=vote_step, codes=["ABC-123", "abc123", "XYZ-999", ""]) == 2
    with pytest.raises(BallotRefused):
        ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[0]))
    ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[0]), census_code="abc 123")
    with pytest.raises(BallotRefused):
        paper_ballot_record(
            recorded_by=manager, step=vote_step, choices=approve(proposals[1]), census_code="ABC123"
        )
    paper_ballot_record(
        recorded_by=manager, step=vote_step, choices=approve(proposals[1]), census_code="XYZ-999"
    )
    paper = Ballot.objects.get(channel="paper")
    assert paper.reference is None
    assert CensusCode.objects.filter(used_at__isnull=False).count() == 2
    # The census codes are on the participations, never on the ballots.
    assert Participation.objects.filter(census_code__isnull=False).count() == 2


def test_a_paper_ballot_follows_the_same_rules(
    manager: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    with pytest.raises(BallotRefused):
        paper_ballot_record(recorded_by=manager, step=vote_step, choices=approve(*proposals))
    assert not Ballot.objects.exists()


def test_a_voting_code_casts_one_ballot(vote_step: Step, proposals: list[Proposal]) -> None:
    [(serial, code)] = voting_codes_generate(step=vote_step, count=1)
    assert serial == 1
    assert VotingCode.objects.get().code_hash == code_hash(code) != code
    ballot_submit_with_code(code=code.lower(), step=vote_step, choices=approve(proposals[0]))
    assert Ballot.objects.get().reference is None
    assert Participation.objects.get().voting_code == VotingCode.objects.get()
    with pytest.raises(BallotRefused):
        ballot_submit_with_code(code=code, step=vote_step, choices=approve(proposals[0]))
    with pytest.raises(BallotRefused):
        ballot_submit_with_code(
            code="NOPE-NOPE-NOPE", step=vote_step, choices=approve(proposals[0])
        )
    assert Ballot.objects.count() == 1


def test_one_voter_holds_one_ballot_per_scope(
    voter: User, process: Process, collect_step: Step, theme: Theme, district: District
) -> None:
    step = vote_step_in(process, "during", scope="both")
    city = eligible(collect_step, theme, 10)
    local = eligible(collect_step, theme, 10, district=district)
    ballot_submit(voter=voter, step=step, choices=[Choice(city.pk)])
    ballot_submit(voter=voter, step=step, choices=[Choice(local.pk)], district=district)
    ballot_submit(voter=voter, step=step, choices=[Choice(city.pk)])
    assert Ballot.objects.count() == 2


def test_the_database_refuses_a_second_participation(voter: User, vote_step: Step) -> None:
    from django.db import IntegrityError, transaction

    def participate() -> Participation:
        return Participation.objects.create(
            organization=vote_step.organization,
            step=vote_step,
            voter=voter,
            voted_at=timezone.now(),
        )

    participate()
    with pytest.raises(IntegrityError), transaction.atomic():
        participate()


def test_a_failing_receiver_does_not_lose_the_ballot(
    voter: User,
    vote_step: Step,
    proposals: list[Proposal],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The ballot is acknowledged once stored: whatever fails after (a mail server, a queue)
    is logged and never turns it into an error page."""

    def broken(sender: object, **kwargs: object) -> None:
        raise ConnectionRefusedError

    ballot_submitted.connect(broken, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[0]))
    finally:
        ballot_submitted.disconnect(broken)
    assert Ballot.objects.count() == 1


def test_the_ballot_names_nobody_and_only_the_secret_finds_it_again(
    voter: User, vote_step: Step, proposals: list[Proposal], settings: object
) -> None:
    ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[0]))
    ballot = Ballot.objects.get()
    participation = Participation.objects.get()
    related = {field.related_model for field in Ballot._meta.concrete_fields}
    assert related.isdisjoint({User, CensusCode, VotingCode, Participation})
    assert ballot.reference == ballot_reference(participation.pk)
    assert ballot_of(voter, vote_step, None).choices == [  # type: ignore[union-attr]
        Choice(proposals[0].pk)
    ]
    settings.SECRET_KEY = "another-secret-" + "x" * 40  # type: ignore[attr-defined]
    assert not ballot_of(voter, vote_step, None).linked  # type: ignore[union-attr]


def test_a_rotated_secret_still_finds_the_ballot_and_moves_it_to_the_new_key(
    voter: User, vote_step: Step, proposals: list[Proposal], settings: object
) -> None:
    old_key = settings.SECRET_KEY  # type: ignore[attr-defined]
    ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[0]))
    settings.SECRET_KEY = "the-new-secret-" + "y" * 40  # type: ignore[attr-defined]
    settings.SECRET_KEY_FALLBACKS = [old_key]  # type: ignore[attr-defined]
    ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[1]))
    second = Ballot.objects.get()
    assert second.reference == ballot_reference(Participation.objects.get().pk)
    assert set(BallotChoice.objects.values_list("proposal_id", flat=True)) == {proposals[1].pk}


def test_a_ballot_that_cannot_change_is_linked_to_nobody(
    voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    settings = settings_of(vote_step)
    settings.ballot_changeable = False
    settings.save()
    ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[0]))
    assert Ballot.objects.get().reference is None
    mine = ballot_of(voter, vote_step, None)
    assert mine is not None
    assert not mine.linked
    assert mine.choices == []


def test_publishing_the_results_erases_the_references_and_turnout_counts_participations(
    voter: User,
    manager: User,
    vote_step: Step,
    proposals: list[Proposal],
) -> None:
    from datetime import timedelta

    from tessera.voting.services.results import results_publish

    ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[0]))
    ballot_submit(voter=voter, step=vote_step, choices=approve(proposals[1]))  # a change
    [(_serial, code)] = voting_codes_generate(step=vote_step, count=1)
    ballot_submit_with_code(code=code, step=vote_step, choices=approve(proposals[2]))
    paper_ballot_record(recorded_by=manager, step=vote_step, choices=approve(proposals[3]))
    assert turnout(vote_step) == {
        "online": 2,
        "paper": 1,
        "paper_single": 1,
        "paper_stations": 0,
        "ballots": 3,
        "voters": 3,
    }
    Step.objects.filter(pk=vote_step.pk).update(
        starts_at=timezone.now() - timedelta(days=10), ends_at=timezone.now() - timedelta(days=1)
    )
    closed = Step.objects.get(pk=vote_step.pk)
    results_publish(step=closed, published_by=manager)
    assert not Ballot.objects.filter(reference__isnull=False).exists()
    assert not ballot_of(voter, closed, None).linked  # type: ignore[union-attr]


# --- The audit trail of staff actions ---------------------------------------------------


def test_a_paper_ballot_is_audited_without_what_it_said(
    manager: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    from tessera.voting.models import AuditEntry

    paper_ballot_record(
        recorded_by=manager, step=vote_step, choices=approve(proposals[1], proposals[3])
    )
    ballot = Ballot.objects.get()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.step, entry.action) == (manager, vote_step, "paper_ballot")
    assert entry.organization_id == vote_step.organization_id
    assert entry.details == {"scope": {"district": None}, "census_code": False}
    # Neither the choices nor the ballot's id: nothing pairs the entry with the ballot.
    text = str(entry.details)
    for value in (proposals[1].pk, proposals[3].pk, ballot.pk):
        assert str(value) not in text


def test_a_refused_paper_ballot_leaves_no_audit_line(
    manager: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    from tessera.voting.models import AuditEntry

    with pytest.raises(BallotRefused):
        paper_ballot_record(recorded_by=manager, step=vote_step, choices=approve(*proposals))
    assert not AuditEntry.objects.exists()


def test_station_totals_keep_their_history(
    manager: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    from tessera.voting.models import AuditEntry, PollingStation
    from tessera.voting.services import paper_totals_save, polling_station_open

    station = polling_station_open(
        step=vote_step,
        name="Mairie",
        district=None,
        ballots_count=10,
        votes={proposals[0].pk: 6, proposals[1].pk: 4},
        saved_by=manager,
    )
    paper_totals_save(
        station=PollingStation.objects.get(pk=station.pk),
        ballots_count=12,
        votes={proposals[0].pk: 7, proposals[1].pk: 0},
        saved_by=manager,
    )
    first, second = AuditEntry.objects.order_by("at", "pk")
    assert first.details["before"] == {"ballots_count": 0, "votes": {}}
    assert first.details["after"] == {
        "ballots_count": 10,
        "votes": {str(proposals[0].pk): 6, str(proposals[1].pk): 4},
    }
    assert second.details["before"] == first.details["after"]
    assert second.details["after"] == {"ballots_count": 12, "votes": {str(proposals[0].pk): 7}}
    assert second.details["name"] == "Mairie"
    assert {entry.actor for entry in (first, second)} == {manager}


def test_refused_station_totals_store_nothing(
    manager: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    from tessera.voting.models import AuditEntry, PollingStation
    from tessera.voting.services import polling_station_open

    for name, count in (("Mairie", -1), ("", 3)):
        with pytest.raises(BallotRefused):
            polling_station_open(
                step=vote_step,
                name=name,
                district=None,
                ballots_count=count,
                votes={proposals[0].pk: 1},
                saved_by=manager,
            )
    assert not PollingStation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_codes_are_audited_by_count_never_in_clear(manager: User, vote_step: Step) -> None:
    from tessera.voting.models import AuditEntry

    pairs = voting_codes_generate(step=vote_step, count=3, generated_by=manager)
    census_codes_import(
        step=vote_step, codes=["ABC-1", "abc1", "DEF-2"], imported_by=manager, source="text"
    )
    codes_entry, census_entry = AuditEntry.objects.order_by("at", "pk")
    assert (codes_entry.action, codes_entry.details) == (
        "voting_codes",
        {"count": 3, "first": 1, "last": 3},
    )
    assert (census_entry.action, census_entry.details) == (
        "census_codes",
        {"sent": 2, "added": 2, "source": "text"},
    )
    text = str([codes_entry.details, census_entry.details])
    assert all(code not in text and code_hash(code) not in text for _serial, code in pairs)
    assert "ABC" not in text
