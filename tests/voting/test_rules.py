"""The pure ballot rules (voting/rules.py): every accepted ballot keeps every limit, and forged
ballots are refused whatever they claim."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.voting.ballot_rules import (
    APPROVAL,
    BUDGET,
    POINTS,
    RANKED,
    BallotRules,
    Choice,
    ProposalOption,
    ThemeLimit,
    eligibility_problem,
    format_money,
    min_spend_amount,
    validate_ballot,
)

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(autouse=True)
def _french() -> Iterator[None]:
    with translation.override("fr"):
        yield


def options(*costs: int, theme: int | None = 1) -> dict[int, ProposalOption]:
    return {i + 1: ProposalOption(i + 1, cost, theme, "Nature") for i, cost in enumerate(costs)}


def approve(*ids: int) -> list[Choice]:
    return [Choice(i) for i in ids]


def messages(rules: BallotRules, choices: list[Choice]) -> list[str]:
    return [error.message for error in validate_ballot(rules, choices)]


def test_it_formats_money_the_french_way() -> None:
    assert format_money(42000, "fr") == f"42{NNBSP}000{NBSP}€"
    assert format_money(1_500_000) == f"1{NNBSP}500{NNBSP}000{NBSP}€"
    assert format_money(0) == f"0{NBSP}€"


def test_it_formats_money_the_way_the_language_writes_it() -> None:
    from django.utils import translation

    assert format_money(20000, "en") == "€20,000"
    with translation.override("en"):
        assert format_money(1_500_000) == "€1,500,000"
    with translation.override("fr"):
        assert format_money(20000) == f"20{NNBSP}000{NBSP}€"


def test_it_asks_for_at_least_three_proposals() -> None:
    rules = BallotRules(APPROVAL, options(1, 1, 1, 1), min_choices=3)
    assert messages(rules, approve(1)) == ["Choisissez au moins 3 projets"]
    assert messages(rules, approve(1, 2, 3)) == []


def test_it_refuses_a_ballot_over_the_envelope() -> None:
    rules = BallotRules(BUDGET, options(30000, 62000), budget=50000)
    assert messages(rules, approve(1, 2)) == [
        f"Votre sélection dépasse l'enveloppe de 42{NNBSP}000{NBSP}€"
    ]
    assert messages(rules, approve(1)) == []


def test_it_speaks_english_too() -> None:
    rules = BallotRules(BUDGET, options(30000, 20000), budget=42000, min_choices=3)
    with translation.override("en"):
        assert messages(rules, approve(1)) == ["Choose at least 3 proposals"]


def test_it_asks_for_the_minimum_spend() -> None:
    rules = BallotRules(BUDGET, options(100, 200), budget=1000, min_spend=250)
    assert [e.code for e in validate_ballot(rules, approve(1))] == ["min_spend"]
    assert validate_ballot(rules, approve(1, 2)) == []


def test_the_minimum_spend_is_an_amount_or_a_share() -> None:
    assert min_spend_amount(1000, None, 50) == 500
    assert min_spend_amount(1000, 700, 50) == 700
    assert min_spend_amount(1001, None, 50) == 501
    assert min_spend_amount(1000, None, None) is None


def test_it_limits_the_number_of_choices() -> None:
    rules = BallotRules(APPROVAL, options(1, 1, 1), max_choices=2)
    assert messages(rules, approve(1, 2, 3)) == ["Choisissez au plus 2 projets"]


def test_ranked_ballots_need_ranks_one_to_k() -> None:
    rules = BallotRules(RANKED, options(1, 1, 1), max_choices=3)
    assert validate_ballot(rules, [Choice(1, 1), Choice(2, 2)]) == []
    for forged in ([Choice(1, 1), Choice(2, 3)], [Choice(1, 0)], [Choice(1, 1), Choice(2, 1)]):
        assert [e.code for e in validate_ballot(rules, forged)] == ["rank"]
    assert [e.code for e in validate_ballot(rules, [Choice(1)])] == ["rank"]


def test_points_ballots_respect_the_total_and_the_cap() -> None:
    rules = BallotRules(POINTS, options(1, 1, 1), points=10, max_points_per_proposal=5)
    assert validate_ballot(rules, [Choice(1, points=5), Choice(2, points=5)]) == []
    codes = [e.code for e in validate_ballot(rules, [Choice(1, points=6), Choice(2, points=5)])]
    assert codes == ["points_total", "points_per_proposal"]


def test_it_refuses_negative_or_missing_points() -> None:
    rules = BallotRules(POINTS, options(1, 1), points=10)
    assert [e.code for e in validate_ballot(rules, [Choice(1, points=-3)])] == ["points"]
    assert [e.code for e in validate_ballot(rules, [Choice(1)])] == ["points"]


def test_it_refuses_points_or_ranks_on_an_approval_ballot() -> None:
    rules = BallotRules(APPROVAL, options(1, 1))
    assert [e.code for e in validate_ballot(rules, [Choice(1, points=3)])] == ["points"]
    assert [e.code for e in validate_ballot(rules, [Choice(1, rank=1)])] == ["rank"]


def test_it_refuses_unknown_and_duplicated_proposals() -> None:
    rules = BallotRules(APPROVAL, options(1, 1))
    assert [e.code for e in validate_ballot(rules, approve(1, 99))] == ["unknown"]
    assert [e.code for e in validate_ballot(rules, approve(1, 1))] == ["duplicate"]


def test_theme_quotas_count_proposals_and_money() -> None:
    proposals = {
        1: ProposalOption(1, 100, 1, "Nature"),
        2: ProposalOption(2, 100, 1, "Nature"),
        3: ProposalOption(3, 500, 2, "Sport"),
    }
    rules = BallotRules(
        BUDGET,
        proposals,
        budget=10_000,
        theme_limits=(
            ThemeLimit(1, "Nature", min_choices=1, max_choices=1),
            ThemeLimit(2, "Sport", max_amount=400),
        ),
    )
    assert messages(rules, approve(1, 2, 3)) == [
        "Choisissez au plus 1 projet dans le thème « Nature »",
        f"Dépensez au plus 400{NBSP}€ dans le thème « Sport »",
    ]
    assert [e.code for e in validate_ballot(rules, approve(3))] == [
        "theme_min_choices",
        "theme_max_amount",
    ]


def test_eligibility_counts_the_age_from_the_year_of_birth() -> None:
    common = {"home_district_id": 1, "ballot_district_id": None, "residence_required": False}
    assert eligibility_problem(year_of_birth=2010, min_age=16, this_year=2026, **common) is None
    assert eligibility_problem(year_of_birth=2011, min_age=16, this_year=2026, **common)
    assert eligibility_problem(year_of_birth=None, min_age=16, this_year=2026, **common)


def test_eligibility_may_require_residence_in_the_district() -> None:
    common = {"year_of_birth": None, "min_age": None, "this_year": 2026}
    ok = eligibility_problem(
        home_district_id=1, ballot_district_id=1, residence_required=True, **common
    )
    assert ok is None
    assert eligibility_problem(
        home_district_id=2, ballot_district_id=1, residence_required=True, **common
    )


# --- Properties -----------------------------------------------------------------------------

kinds = st.sampled_from([APPROVAL, BUDGET, RANKED, POINTS])


@st.composite
def ballot_rules(draw: st.DrawFn) -> BallotRules:
    count = draw(st.integers(1, 8))
    proposals = {
        i: ProposalOption(i, draw(st.integers(0, 50)), draw(st.sampled_from([1, 2])), "T")
        for i in range(1, count + 1)
    }
    min_choices = draw(st.integers(0, 4))
    max_choices = draw(st.none() | st.integers(min_choices, 6))
    limits = ()
    if draw(st.booleans()):
        limits = (
            ThemeLimit(
                1,
                "T",
                draw(st.none() | st.integers(0, 2)),
                draw(st.none() | st.integers(0, 3)),
                draw(st.none() | st.integers(0, 60)),
                draw(st.none() | st.integers(0, 120)),
            ),
        )
    return BallotRules(
        kind=draw(kinds),
        proposals=proposals,
        min_choices=min_choices,
        max_choices=max_choices,
        budget=draw(st.none() | st.integers(0, 200)),
        min_spend=draw(st.none() | st.integers(0, 100)),
        points=draw(st.none() | st.integers(1, 20)),
        max_points_per_proposal=draw(st.none() | st.integers(1, 10)),
        theme_limits=limits,
    )


@st.composite
def ballots(draw: st.DrawFn) -> list[Choice]:
    ids = draw(st.lists(st.integers(-1, 10), max_size=8))
    with_ranks = draw(st.booleans())
    with_points = draw(st.booleans())
    return [
        Choice(
            proposal_id,
            rank=draw(st.integers(-1, 9)) if with_ranks else None,
            points=draw(st.integers(-3, 12)) if with_points else None,
        )
        for proposal_id in ids
    ]


@settings(max_examples=1500, deadline=None)
@given(rules=ballot_rules(), choices=ballots())
def test_any_accepted_ballot_satisfies_every_limit(
    rules: BallotRules, choices: list[Choice]
) -> None:
    if validate_ballot(rules, choices):
        return
    ids = [choice.proposal_id for choice in choices]
    assert all(proposal_id in rules.proposals for proposal_id in ids)
    assert len(set(ids)) == len(ids)
    assert len(ids) >= rules.min_choices
    assert rules.max_choices is None or len(ids) <= rules.max_choices
    spent = sum(rules.proposals[i].cost for i in ids)
    if rules.kind == BUDGET:
        assert rules.budget is None or spent <= rules.budget
        assert rules.min_spend is None or spent >= rules.min_spend
    if rules.kind == RANKED:
        assert sorted(c.rank for c in choices) == list(range(1, len(ids) + 1))  # type: ignore[type-var]
    else:
        assert all(c.rank is None for c in choices)
    if rules.kind == POINTS:
        assert all(c.points is not None and c.points >= 1 for c in choices)
        used = sum(c.points or 0 for c in choices)
        assert rules.points is None or used <= rules.points
        cap = rules.max_points_per_proposal
        assert cap is None or all((c.points or 0) <= cap for c in choices)
    else:
        assert all(c.points is None for c in choices)
    for limit in rules.theme_limits:
        in_theme = [i for i in ids if rules.proposals[i].theme_id == limit.theme_id]
        amount = sum(rules.proposals[i].cost for i in in_theme)
        assert limit.min_choices is None or len(in_theme) >= limit.min_choices
        assert limit.max_choices is None or len(in_theme) <= limit.max_choices
        assert limit.min_amount is None or amount >= limit.min_amount
        assert limit.max_amount is None or amount <= limit.max_amount


@settings(max_examples=500, deadline=None)
@given(rules=ballot_rules(), choices=ballots(), forged=st.integers(1000, 2000))
def test_a_proposal_off_the_ballot_is_always_refused(
    rules: BallotRules, choices: list[Choice], forged: int
) -> None:
    errors = validate_ballot(rules, [*choices, Choice(forged, rank=1, points=1)])
    assert "unknown" in [error.code for error in errors]


@settings(max_examples=500, deadline=None)
@given(rules=ballot_rules(), choices=ballots())
def test_a_duplicated_proposal_is_always_refused(rules: BallotRules, choices: list[Choice]) -> None:
    if not choices:
        return
    errors = validate_ballot(rules, [*choices, choices[0]])
    assert Counter(e.code for e in errors)["duplicate"] == 1


def test_the_basket_applies_one_button_at_a_time() -> None:
    from tessera.voting.basket import basket_apply

    allowed = {1, 2, 3}
    basket = basket_apply("add", 1, None, [], allowed)
    basket = basket_apply("add", 2, None, basket, allowed)
    assert basket_apply("add", 9, None, basket, allowed) == basket  # not on the ballot
    assert basket_apply("add", 1, None, basket, allowed) == basket  # once
    assert [c.proposal_id for c in basket_apply("up", 2, None, basket, allowed)] == [2, 1]
    assert [c.proposal_id for c in basket_apply("down", 2, None, basket, allowed)] == [1, 2]
    assert basket_apply("remove", 1, None, basket, allowed) == [Choice(2)]
    assert basket_apply("points", 3, 4, basket, allowed)[-1] == Choice(3, None, 4)
    assert basket_apply("points", 1, 0, basket, allowed) == [Choice(2)]
    assert basket_apply("clear", None, None, basket, allowed) == []
