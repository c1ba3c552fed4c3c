"""The operator's Django admin refuses a frozen cost with the reason beside the form (it
answered 500 when the row's pre_save refused it), and still saves what a ballot does not
depend on."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.voting.ballot_rules import Choice
from tessera.voting.services import ballot_submit

pytestmark = pytest.mark.django_db


def change_url(proposal: Proposal) -> str:
    return f"/admin/proposals/proposal/{proposal.pk}/change/"


def posted(client: Client, proposal: Proposal, **changes: Any) -> dict[str, Any]:
    """The change form as the admin shows it, with `changes`."""
    response = client.get(change_url(proposal))
    assert response.status_code == 200
    adminform = response.context["adminform"]
    data: dict[str, Any] = {}
    for name, field in adminform.form.fields.items():
        value = adminform.form.initial.get(name)
        if hasattr(field, "queryset") and hasattr(value, "pk"):
            value = value.pk
        data[name] = "" if value is None else value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
    data.update(changes)
    return data


def test_the_admin_refuses_a_frozen_cost_with_its_reason_instead_of_an_error_page(
    client: Client, admin: User, voter: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    ballot_submit(voter=voter, step=vote_step, choices=[Choice(proposals[3].pk)])
    proposal = proposals[0]
    client.force_login(admin)
    response = client.post(
        change_url(proposal), posted(client, proposal, estimated_cost=proposal.estimated_cost + 1)
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [error.code for error in form.non_field_errors().as_data()] == ["frozen"]
    assert Proposal.objects.get(pk=proposal.pk).estimated_cost == proposal.estimated_cost
    response = client.post(change_url(proposal), posted(client, proposal, title="Un autre titre"))
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).title == "Un autre titre"


def test_before_the_first_ballot_the_admin_may_change_the_cost(
    client: Client, admin: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    proposal = proposals[0]
    client.force_login(admin)
    response = client.post(
        change_url(proposal), posted(client, proposal, estimated_cost=proposal.estimated_cost + 1)
    )
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).estimated_cost == proposal.estimated_cost + 1
