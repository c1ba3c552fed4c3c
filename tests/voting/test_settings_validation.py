"""Vote settings that cannot work are refused: the pure checks (voting.settings_rules), the
back office (each bad value gets its French message and nothing is stored), and the
publication, which never answers a server error on settings the count cannot use."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from tessera.accounts.models import User
from tessera.organizations.models import District, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting import tally
from tessera.voting.ballot_rules import APPROVAL, BUDGET, POINTS, RANKED
from tessera.voting.models import DistrictBudget, Results, ThemeQuota, VoteSettings
from tessera.voting.services import ballot_submit
from tessera.voting.services.settings import AUDITED_FIELDS
from tessera.voting.settings_rules import (
    SettingsValues,
    district_budget_problems,
    envelope_problems,
    quota_problems,
    rule_problem,
    settings_problems,
)
from tests.voting.conftest import settings_of, vote_step_in, vote_url

KINDS = (APPROVAL, BUDGET, RANKED, POINTS)
VOTE_TYPES = {APPROVAL: "approval", BUDGET: "approval", RANKED: "ordinal", POINTS: "cumulative"}


# --- The pure checks ---------------------------------------------------------------------


def problems_of(**values: Any) -> dict[str, list[str]]:
    with translation.override("fr"):
        return settings_problems(SettingsValues(**values))


def test_sound_settings_have_no_problem() -> None:
    assert problems_of(kind=BUDGET, budget=100_000, min_spend=50_000, max_choices=5) == {}
    assert problems_of(kind=APPROVAL, min_choices=1, max_choices=3) == {}
    assert problems_of(kind=RANKED, tally_rule="ranked", max_choices=3) == {}
    assert problems_of(kind=POINTS, points=10, max_points_per_proposal=5, min_choices=2) == {}
    # Per district, the district envelopes (checked apart) may stand in for the global one.
    assert problems_of(kind=BUDGET, scope="district", budget=None) == {}


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"kind": BUDGET}, "budget", "Un bulletin budgétaire a besoin d’une enveloppe."),
        ({"kind": BUDGET, "scope": "both"}, "budget", "a besoin d’une enveloppe"),
        ({"kind": BUDGET, "budget": 0}, "budget", "Une enveloppe doit être supérieure à 0 €."),
        (
            {"kind": BUDGET, "budget": 1000, "min_spend": 2000},
            "min_spend",
            "La dépense minimale (2\u202f000\u00a0€) dépasse l’enveloppe (1\u202f000\u00a0€).",
        ),
        (
            {"kind": BUDGET, "budget": 1000, "min_spend_percent": 120},
            "min_spend_percent",
            "La dépense minimale est un pourcentage, entre 0 et 100.",
        ),
        ({"kind": POINTS}, "points", "Un bulletin à points a besoin d’un nombre de points"),
        ({"kind": POINTS, "points": 0}, "points", "a besoin d’un nombre de points"),
        ({"kind": POINTS, "points": 2, "min_choices": 3}, "points", "2 points ne suffisent pas"),
        (
            {"kind": POINTS, "points": 10, "max_points_per_proposal": 12},
            "max_points_per_proposal",
            "Le maximum par projet (12) dépasse les points à répartir (10).",
        ),
        (
            {"kind": POINTS, "points": 10, "max_points_per_proposal": 0},
            "max_points_per_proposal",
            "au moins 1 point",
        ),
        (
            {"kind": APPROVAL, "min_choices": 4, "max_choices": 2},
            "max_choices",
            "Le nombre minimal de choix (4) dépasse le maximum (2).",
        ),
        ({"kind": APPROVAL, "min_choices": 0, "max_choices": 0}, "max_choices", "au moins 1"),
        (
            {"kind": APPROVAL, "tally_rule": "ranked"},
            "tally_rule",
            "La règle de décompte « ranked » ne compte que des bulletins classés",
        ),
        ({"kind": APPROVAL, "tally_rule": "dhondt"}, "tally_rule", "« dhondt » n’est pas"),
    ],
)
def test_settings_that_cannot_work_say_why(
    values: dict[str, Any], field: str, message: str
) -> None:
    problems = problems_of(budget=values.pop("budget", None), **values)
    assert list(problems) == [field]
    assert message in problems[field][0]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("rule", sorted(tally.RULES))
def test_the_rule_check_says_exactly_what_the_tally_refuses(rule: str, kind: str) -> None:
    """Every rule of the tally on every ballot kind: the pure check refuses the combination
    if and only if the tally raises on it."""
    instance = tally.Instance(
        budget=100,
        projects=(tally.Project("a", 60), tally.Project("b", 40)),
        ballots=(
            tally.Ballot(choices=("a", "b"), points=(2, 1) if kind == POINTS else (), voter_id="1"),
        ),
        vote_type=VOTE_TYPES[kind],  # type: ignore[arg-type]
    )
    try:
        tally.tally(instance, rule)
    except ValueError:
        refused = True
    else:
        refused = False
    assert (rule_problem(rule, kind) is not None) == refused


def test_district_envelopes_stand_in_for_a_global_one_only_when_all_are_there() -> None:
    per_district = SettingsValues(kind=BUDGET, scope="district", budget=None, min_spend=5000)
    with translation.override("fr"):
        [missing] = envelope_problems(
            per_district, district_budgets={"La Gare": 10_000}, districts=["La Gare", "Le Port"]
        )
        assert "manquante : Le Port" in missing
        [none] = envelope_problems(per_district, district_budgets={}, districts=[])
        assert "une enveloppe globale, ou une par quartier" in none
        [low] = envelope_problems(
            per_district,
            district_budgets={"La Gare": 10_000, "Le Port": 3000},
            districts=["La Gare", "Le Port"],
        )
        assert "L’enveloppe de Le Port (3\u202f000\u00a0€)" in low
    assert (
        envelope_problems(
            per_district,
            district_budgets={"La Gare": 10_000, "Le Port": 8000},
            districts=["La Gare", "Le Port"],
        )
        == []
    )
    with_global = SettingsValues(kind=BUDGET, scope="district", budget=20_000)
    assert envelope_problems(with_global, district_budgets={}, districts=["La Gare"]) == []
    assert envelope_problems(SettingsValues(kind=APPROVAL), district_budgets={}, districts=[]) == []


def test_a_district_envelope_is_above_zero() -> None:
    assert district_budget_problems(0)
    assert district_budget_problems(-5)
    assert district_budget_problems(1) == []
    assert district_budget_problems(None) == []


@given(
    low=st.none() | st.integers(0, 1000),
    high=st.none() | st.integers(0, 1000),
)
def test_a_quota_is_refused_exactly_when_its_minimum_is_above_its_maximum(
    low: int | None, high: int | None
) -> None:
    above = low is not None and high is not None and low > high
    problems = quota_problems(min_choices=low, max_choices=high, min_amount=low, max_amount=high)
    assert bool(problems) == above
    assert set(problems) == ({"max_choices", "max_amount"} if above else set())


@given(
    low=st.integers(0, 20),
    high=st.none() | st.integers(0, 20),
    points=st.none() | st.integers(0, 30),
    cap=st.none() | st.integers(0, 30),
)
def test_points_settings_are_refused_exactly_when_no_ballot_could_fill_them(
    low: int, high: int | None, points: int | None, cap: int | None
) -> None:
    problems = settings_problems(
        SettingsValues(
            kind=POINTS,
            min_choices=low,
            max_choices=high,
            points=points,
            max_points_per_proposal=cap,
        )
    )
    assert ("max_choices" in problems) == (high is not None and (high < 1 or low > high))
    assert ("points" in problems) == (not points or points < low)
    assert ("max_points_per_proposal" in problems) == (
        cap is not None and (cap < 1 or (bool(points) and cap > points))  # type: ignore[operator]
    )


# --- The back office ---------------------------------------------------------------------


def admin_data(
    settings: VoteSettings,
    *,
    district_budgets: list[tuple[District, int]] = (),  # type: ignore[assignment]
    quotas: list[dict[str, Any]] = (),  # type: ignore[assignment]
    **changes: Any,
) -> dict[str, Any]:
    """What the admin's change form posts for these settings, with `changes`."""
    data: dict[str, Any] = {"step": settings.step_id}
    for name in AUDITED_FIELDS:
        value = changes.get(name, getattr(settings, name))
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    data.update(
        {
            "district_budgets-TOTAL_FORMS": len(district_budgets),
            "district_budgets-INITIAL_FORMS": 0,
            "quotas-TOTAL_FORMS": len(quotas),
            "quotas-INITIAL_FORMS": 0,
        }
    )
    for index, (district, amount) in enumerate(district_budgets):
        data[f"district_budgets-{index}-district"] = district.pk
        data[f"district_budgets-{index}-budget"] = amount
    for index, quota in enumerate(quotas):
        for name, value in quota.items():
            data[f"quotas-{index}-{name}"] = "" if value is None else value
    return data


@pytest.fixture
def admin_client(client: Client, admin: User) -> Client:
    client.force_login(admin)
    return client


def change_url(settings: VoteSettings) -> str:
    return f"/admin/voting/votesettings/{settings.pk}/change/"


def stored(settings: VoteSettings) -> dict[str, Any]:
    row = VoteSettings.objects.filter(pk=settings.pk).values().get()
    return {
        **row,
        "district_budgets": DistrictBudget.objects.count(),
        "quotas": ThemeQuota.objects.count(),
    }


@pytest.mark.django_db
def test_the_admin_saves_sound_settings(admin_client: Client, vote_step: Step) -> None:
    settings = settings_of(vote_step)
    response = admin_client.post(change_url(settings), admin_data(settings, budget=80_000))
    assert response.status_code == 302, response.text
    assert settings_of(vote_step).budget == 80_000


BAD_SETTINGS = [
    ({"budget": None}, "Un bulletin budgétaire a besoin d’une enveloppe."),
    ({"budget": 0}, "Une enveloppe doit être supérieure à 0 €."),
    ({"min_spend": 150_000}, "dépasse l’enveloppe"),
    ({"min_spend_percent": 101}, "un pourcentage, entre 0 et 100"),
    ({"kind": "points", "points": None}, "a besoin d’un nombre de points à répartir"),
    ({"kind": "points", "points": 5, "max_points_per_proposal": 8}, "dépasse les points"),
    ({"min_choices": 3, "max_choices": 2}, "Le nombre minimal de choix (3) dépasse le maximum"),
    ({"tally_rule": "ranked"}, "ne compte que des bulletins classés"),
    ({"kind": "approval", "tally_rule": "ranked"}, "ne compte que des bulletins classés"),
    ({"scope": "district", "budget": None}, "une enveloppe globale, ou une par quartier"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "message"), BAD_SETTINGS)
def test_the_admin_refuses_settings_that_cannot_work_and_stores_nothing(
    changes: dict[str, Any],
    message: str,
    admin_client: Client,
    vote_step: Step,
    district: District,
) -> None:
    settings = settings_of(vote_step)
    before = stored(settings)
    response = admin_client.post(
        change_url(settings), admin_data(settings, **changes), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200  # the form again, with the message
    assert message in response.content.decode()
    assert stored(settings) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("inlines", "message"),
    [
        (
            {"quotas": [{"theme": "THEME", "min_choices": 3, "max_choices": 1}]},
            "« Au moins » (3) dépasse « au plus » (1).",
        ),
        (
            {"quotas": [{"theme": "THEME", "min_amount": 5000, "max_amount": 1000}]},
            "« Au moins » (5\u202f000\u00a0€) dépasse « au plus » (1\u202f000\u00a0€).",
        ),
        ({"district_budgets": [("DISTRICT", 0)]}, "Une enveloppe doit être supérieure à 0 €."),
        (
            {"district_budgets": [("DISTRICT", 1000)], "min_spend": 5000},
            "est inférieure à la dépense minimale",
        ),
    ],
)
def test_the_admin_refuses_inlines_that_cannot_work_and_stores_nothing(
    inlines: dict[str, Any],
    message: str,
    admin_client: Client,
    vote_step: Step,
    district: District,
    theme: Theme,
) -> None:
    settings = settings_of(vote_step)
    for quota in inlines.get("quotas", []):
        quota["theme"] = theme.pk
    if "district_budgets" in inlines:
        inlines["district_budgets"] = [
            (district, amount) for _unused, amount in inlines["district_budgets"]
        ]
    before = stored(settings)
    response = admin_client.post(
        change_url(settings), admin_data(settings, **inlines), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored(settings) == before


@pytest.mark.django_db
def test_the_admin_takes_district_envelopes_for_every_district(
    admin_client: Client, vote_step: Step, district: District, organization: Any
) -> None:
    from tests.factories import DistrictFactory

    port = DistrictFactory(organization=organization, name="Le Port", slug="le-port")
    settings = settings_of(vote_step)
    only_one = admin_data(
        settings, scope="district", budget=None, district_budgets=[(district, 40_000)]
    )
    response = admin_client.post(change_url(settings), only_one, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert "manquante : Le Port" in response.content.decode()
    assert not DistrictBudget.objects.exists()
    both = admin_data(
        settings,
        scope="district",
        budget=None,
        district_budgets=[(district, 40_000), (port, 30_000)],
    )
    assert admin_client.post(change_url(settings), both).status_code == 302
    assert DistrictBudget.objects.count() == 2
    assert settings_of(vote_step).budget is None


@pytest.mark.django_db
def test_the_admin_adds_no_settings_that_cannot_work(
    admin_client: Client, process: Process
) -> None:
    from tests.voting.factories import VoteStepFactory

    step = VoteStepFactory(process=process)
    data = admin_data(
        VoteSettings(step=step, kind="ranked", tally_rule="ranked"),
        kind="approval",
    )
    response = admin_client.post("/admin/voting/votesettings/add/", data, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert "ne compte que des bulletins classés" in response.content.decode()
    assert not VoteSettings.objects.filter(step=step).exists()


# --- Publishing ----------------------------------------------------------------------------


def close(step: Step) -> Step:
    """End the vote (a save, so that the cached step hears of it)."""
    step = Step.objects.get(pk=step.pk)
    now = timezone.now()
    step.starts_at, step.ends_at = now - timedelta(days=10), now - timedelta(days=1)
    step.save()
    return step


@pytest.mark.django_db
def test_publishing_with_a_rule_the_ballots_cannot_use_says_so_without_a_server_error(
    client: Client, manager: User, voter: User, process: Process, proposals: list[Proposal]
) -> None:
    """Settings stored before the check existed (or written around the admin): the ranked
    rule on a budget step made publishing crash with NotRankedError."""
    step = vote_step_in(process, "during", tally_rule="ranked")
    from tessera.voting.ballot_rules import Choice

    ballot_submit(voter=voter, step=step, choices=[Choice(proposals[1].pk)])
    close(step)
    client.force_login(manager)
    response = client.post(vote_url(step, "manage/publish"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"].endswith("/manage/")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="fr")
    assert "ne compte que des bulletins classés" in page.content.decode()
    assert not Results.objects.exists()


@pytest.mark.django_db
def test_publishing_turns_any_refusal_of_the_tally_into_a_message(
    client: Client, manager: User, process: Process, proposals: list[Proposal]
) -> None:
    """A ranked step allowing 0 ranks: the tally refuses the instance (InvalidInstanceError)."""
    step = vote_step_in(
        process,
        "after",
        kind="ranked",
        tally_rule="ranked",
        budget=None,
        min_choices=0,
        max_choices=0,
    )
    client.force_login(manager)
    response = client.post(vote_url(step, "manage/publish"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="fr")
    assert "Les votes n’ont pas pu être comptés avec ces réglages" in page.content.decode()
    assert not Results.objects.exists()
