"""The demo's closed votation: 1,744 votes and results that hold."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled

from tessera.processes.models import Step
from tessera.votations.models import Ballot

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_closed_votation_with_its_results_and_is_idempotent() -> None:
    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    with scopes_disabled():
        step = Step.objects.select_related("process").get(
            process__slug="accord-villeneuve", kind="votation"
        )
        assert step.phase().value == "past"
        assert Ballot.objects.filter(step=step).count() == 1374
    client = Client(headers={"accept-language": "fr"}, HTTP_HOST="localhost")
    page = client.get(f"{step.get_absolute_url()}votation/results/").content.decode()
    assert "76 % des 1\u202f744 votants ont choisi « Non »." in page
    assert "Le résultat est valable" in page
    assert "1\xa0674 suffrages exprimés, 70 blancs." in page  # numbers as French writes them
    assert "<td>1\xa0325</td>" in page
    stations = client.get(step.get_absolute_url()).status_code
    assert stations == 200
