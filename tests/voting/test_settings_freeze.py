"""Settings frozen once voting starts: the matrix of changes before and after the first
ballot, the back office's form and the admin alike, the audit trail, and the reset."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tessera.accounts.models import User
from tessera.organizations.models import District, Theme
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.voting.ballot_rules import Choice
from tessera.voting.models import AuditEntry, Ballot, DistrictBudget, Participation, VoteSettings
from tessera.voting.services import ballot_submit
from tessera.voting.services.results import results_publish
from tessera.voting.services.settings import AUDITED_FIELDS
from tessera.voting.settings_form import VoteSettingsForm, vote_settings_summary
from tessera.voting.settings_rules import frozen_message
from tests.conftest import run_tasks
from tests.voting.conftest import settings_of, vote_url
from tests.voting.test_settings_validation import admin_data, change_url

pytestmark = pytest.mark.django_db


def form_data(
    settings: VoteSettings,
    *,
    envelopes: list[tuple[District, int]] = (),  # type: ignore[assignment]
    quotas: list[tuple[Theme, int]] = (),  # type: ignore[assignment]
    **changes: Any,
) -> dict[str, Any]:
    """What the back office's form posts: the stored settings with `changes`."""
    data: dict[str, Any] = {}
    for name in AUDITED_FIELDS:
        value = changes.get(name, getattr(settings, name))
        if isinstance(value, bool):
            if value:
                data[f"settings-{name}"] = "on"
        else:
            data[f"settings-{name}"] = "" if value is None else value
    data.update({"envelopes-TOTAL_FORMS": len(envelopes), "envelopes-INITIAL_FORMS": 0})
    data.update({"quotas-TOTAL_FORMS": len(quotas), "quotas-INITIAL_FORMS": 0})
    for index, (district, amount) in enumerate(envelopes):
        data[f"envelopes-{index}-district"] = district.pk
        data[f"envelopes-{index}-budget"] = amount
    for index, (theme, most) in enumerate(quotas):
        data[f"quotas-{index}-theme"] = theme.pk
        data[f"quotas-{index}-max_choices"] = most
    return data


def vote(voter: User, step: Step, proposal: Proposal) -> None:
    ballot_submit(voter=voter, step=step, choices=[Choice(proposal.pk)])


FROZEN_CHANGES: list[tuple[str, dict[str, Any]]] = [
    ("kind", {"kind": "approval"}),
    ("max_choices", {"max_choices": 2}),
    ("min_choices", {"min_choices": 2}),
    ("budget", {"budget": 90_000}),
    ("min_spend", {"min_spend": 1_000}),
    ("min_spend_percent", {"min_spend_percent": 10}),
    ("scope", {"scope": "both"}),
]


@pytest.mark.parametrize(("field", "changes"), FROZEN_CHANGES)
@pytest.mark.parametrize("ballots", [False, True])
def test_what_a_ballot_means_is_frozen_from_the_first_ballot(
    field: str,
    changes: dict[str, Any],
    ballots: bool,
    voter: User,
    manager: User,
    vote_step: Step,
    proposals: list[Proposal],
) -> None:
    if ballots:
        vote(voter, vote_step, proposals[3])
    settings = settings_of(vote_step)
    form = VoteSettingsForm(form_data(settings, **changes), step=vote_step, user=manager)
    assert form.is_valid() is not ballots, form.errors
    if ballots:
        assert set(form.errors) == {field}
        assert [error.code for error in form.errors.as_data()[field]] == ["frozen"]
        return
    form.save()
    assert getattr(settings_of(vote_step), field) == changes[field]
    entry = AuditEntry.objects.get(action="settings")
    assert (entry.actor, entry.details["changes"][field][1]) == (manager, changes[field])


@pytest.mark.parametrize("part", ["envelopes", "quotas"])
def test_envelopes_and_quotas_are_frozen_too(
    part: str,
    voter: User,
    manager: User,
    vote_step: Step,
    proposals: list[Proposal],
    district: District,
    theme: Theme,
) -> None:
    vote(voter, vote_step, proposals[3])
    extra: dict[str, Any] = (
        {"envelopes": [(district, 50_000)]} if part == "envelopes" else {"quotas": [(theme, 1)]}
    )
    form = VoteSettingsForm(
        form_data(settings_of(vote_step), **extra), step=vote_step, user=manager
    )
    assert not form.is_valid()
    assert [error.code for error in form.non_field_errors().as_data()] == ["frozen"]
    assert not DistrictBudget.objects.exists()


def test_the_count_and_what_is_shown_may_still_change_and_are_audited(
    voter: User, manager: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    vote(voter, vote_step, proposals[3])
    changes = {"tally_rule": "equal-shares", "counts_visible": True, "tally_threshold": 2}
    form = VoteSettingsForm(
        form_data(settings_of(vote_step), **changes), step=vote_step, user=manager
    )
    assert form.is_valid(), form.errors
    form.save()
    assert AuditEntry.objects.get(action="settings").details["changes"] == {
        "tally_rule": ["greedy", "equal-shares"],
        "counts_visible": [False, True],
        "tally_threshold": [None, 2],
    }
    with translation.override("en"):
        summary = vote_settings_summary(vote_step)
    assert summary == "Budget ballot, 1 envelope, Method of Equal Shares"


def test_the_admin_refuses_a_frozen_change_with_the_reason_and_audits_the_others(
    client: Client, admin: User, voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    client.force_login(admin)
    vote(voter, vote_step, proposals[3])
    settings = settings_of(vote_step)
    response = client.post(change_url(settings), admin_data(settings, kind="approval"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["kind"]] == ["frozen"]
    assert settings_of(vote_step).kind == "budget"
    response = client.post(change_url(settings), admin_data(settings, counts_visible=True))
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="settings").details["changes"] == {
        "counts_visible": [False, True]
    }


def test_a_reset_deletes_the_ballots_tells_the_voters_and_unfreezes(
    client: Client,
    manager: User,
    voter: User,
    vote_step: Step,
    proposals: list[Proposal],
    django_capture_on_commit_callbacks: Any,
) -> None:
    vote(voter, vote_step, proposals[3])
    client.force_login(manager)
    client.get(vote_url(vote_step, "manage/reset"))  # warms the step's cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(vote_url(vote_step, "manage/reset")).status_code == 200
    assert len(queries.captured_queries) <= 12
    wrong = client.post(vote_url(vote_step, "manage/reset"), {"confirmation": "oops"})
    assert wrong.status_code == 400
    assert Participation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(vote_url(vote_step, "manage/reset"), {"confirmation": vote_step.title})
    assert done.status_code == 302
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()
    entry = AuditEntry.objects.get(action="reset")
    assert (entry.actor, entry.details["participations"], entry.details["voters_told"]) == (
        manager,
        1,
        1,
    )
    run_tasks()
    [message] = mail.outbox
    assert message.to == [voter.email]
    form = VoteSettingsForm(
        form_data(settings_of(vote_step), kind="approval"), step=vote_step, user=manager
    )
    assert form.is_valid(), form.errors


def test_a_published_vote_cannot_be_reset(
    client: Client, manager: User, voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    vote(voter, vote_step, proposals[3])
    Step.objects.filter(pk=vote_step.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    closed = Step.objects.get(pk=vote_step.pk)
    results_publish(step=closed, published_by=manager)
    client.force_login(manager)
    response = client.post(vote_url(closed, "manage/reset"), {"confirmation": closed.title})
    assert response.status_code == 403
    assert Participation.objects.exists()


def test_the_changes_that_broke_the_results_now_keep_them_equal_to_the_open_data(
    client: Client,
    manager: User,
    voter: User,
    vote_step: Step,
    proposals: list[Proposal],
    organization: Any,
) -> None:
    """A manager changed the kind and the scope after ballots were cast: the results counted
    6 online ballots while the tallies and the .pb files held 3."""
    from tests.conftest import make_user

    voters = [voter, make_user(organization), make_user(organization)]
    for person in voters:
        vote(person, vote_step, proposals[3])
    for changes in ({"kind": "approval"}, {"scope": "both"}):
        form = VoteSettingsForm(
            form_data(settings_of(vote_step), **changes), step=vote_step, user=manager
        )
        assert not form.is_valid()
    Step.objects.filter(pk=vote_step.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    closed = Step.objects.get(pk=vote_step.pk)
    results = results_publish(step=closed, published_by=manager)
    [scope] = results.figures["scopes"]
    assert results.figures["turnout"]["online"] == scope["open_data"]["ballots"] == 3
    row = next(r for r in scope["proposals"] if r["id"] == proposals[3].pk)
    assert row["online"] == 3


def test_the_cost_of_a_proposal_on_the_ballot_is_frozen_from_the_first_ballot(
    voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    from django.core.exceptions import ValidationError

    proposal = proposals[0]
    proposal.estimated_cost = 55_000
    proposal.save()  # no ballot yet: the analysis may still change it
    vote(voter, vote_step, proposals[3])
    proposal.estimated_cost = 45_000
    with pytest.raises(ValidationError) as refusal:
        proposal.save()
    assert refusal.value.code == "frozen"
    proposal.title = "Un autre titre"
    proposal.estimated_cost = 55_000
    proposal.save()  # what does not change a ballot's meaning still may


def manage_settings_url(step: Step) -> str:
    return f"/manage/processes/{step.process.slug}/steps/{step.pk}/settings/"


def test_a_manager_sets_the_vote_in_the_back_office_and_reads_it_in_the_timeline(
    manager: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    client = Client()
    client.force_login(manager)
    data = form_data(settings_of(vote_step), kind="approval", max_choices=3)
    response = client.post(manage_settings_url(vote_step), data)
    assert response.status_code == 302
    assert (settings_of(vote_step).kind, settings_of(vote_step).max_choices) == ("approval", 3)
    timeline = client.get(f"/manage/processes/{vote_step.process.slug}/").content.decode()
    assert vote_settings_summary(vote_step) in timeline


def test_the_back_office_refuses_a_frozen_change_with_its_reason_and_keeps_what_was_typed(
    voter: User, manager: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    vote(voter, vote_step, proposals[3])
    before = settings_of(vote_step).kind
    client = Client()
    client.force_login(manager)
    with translation.override("fr"):
        data = form_data(settings_of(vote_step), kind="approval", tally_threshold=7)
        response = client.post(manage_settings_url(vote_step), data, HTTP_ACCEPT_LANGUAGE="fr")
    page = response.content.decode()
    assert response.status_code == 400
    assert settings_of(vote_step).kind == before
    with translation.override("fr"):
        reason = frozen_message()
    assert html.escape(reason) in page or reason in page
    assert 'value="7"' in page


def test_a_resident_cannot_post_the_vote_settings(
    voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    client = Client()
    client.force_login(voter)
    data = form_data(settings_of(vote_step), kind="approval")
    response = client.post(manage_settings_url(vote_step), data)
    assert response.status_code in {403, 404}
    assert settings_of(vote_step).kind != "approval"
