"""The greedy rules on small elections whose outcome is known by hand."""

from fractions import Fraction

import pytest

from tessera.voting.tally import greedy, tally
from tessera.voting.tally.greedy import GREEDY_TIE_BREAK

from .helpers import make


def test_it_funds_by_decreasing_votes_and_passes_over_what_does_not_fit() -> None:
    instance = make(100, {"a": 60, "b": 50, "c": 40}, [["a", "b", "c"], ["a", "b"], ["a"]])
    outcome = tally(instance, "greedy")
    assert outcome.selected == ("a", "c")
    assert outcome.total_cost == 100
    assert outcome.rule == "greedy"
    assert outcome.tie_break == GREEDY_TIE_BREAK


def test_no_skip_stops_at_the_first_proposal_that_does_not_fit() -> None:
    instance = make(100, {"a": 60, "b": 50, "c": 40}, [["a", "b", "c"], ["a", "b"], ["a"]])
    outcome = tally(instance, "greedy-no-skip")
    assert outcome.selected == ("a",)
    assert outcome.rule == "greedy-no-skip"


def test_equal_votes_go_to_the_cheaper_proposal_first() -> None:
    instance = make(50, {"a": 40, "b": 20, "c": 30}, [["a", "b", "c"], ["a", "b", "c"]])
    assert tally(instance, "greedy").selected == ("b", "c")


def test_equal_votes_and_costs_go_to_the_earlier_proposal() -> None:
    instance = make(30, {"first": 30, "second": 30}, [["second", "first"]])
    assert tally(instance, "greedy").selected == ("first",)
    swapped = make(30, {"second": 30, "first": 30}, [["second", "first"]])
    assert tally(swapped, "greedy").selected == ("second",)


def test_a_proposal_below_the_threshold_is_never_funded_even_if_it_fits() -> None:
    instance = make(100, {"a": 10, "b": 10}, [["a", "b"], ["a"], ["a"]])
    assert tally(instance, "greedy", threshold=2).selected == ("a",)
    assert tally(instance, "greedy", threshold=1).selected == ("a", "b")
    assert tally(instance, "greedy", threshold=4).selected == ()


def test_the_budget_can_be_spent_exactly() -> None:
    instance = make(100, {"a": 70, "b": 30, "c": 1}, [["a", "b", "c"], ["a", "b"], ["a"]])
    outcome = tally(instance, "greedy")
    assert outcome.selected == ("a", "b")
    assert outcome.total_cost == 100


def test_empty_ballots_fund_nothing() -> None:
    instance = make(100, {"a": 10}, [[], []])
    assert tally(instance, "greedy").selected == ()
    assert tally(instance, "greedy-no-skip").selected == ()


def test_a_proposal_nobody_chose_is_not_funded_even_with_money_left() -> None:
    instance = make(100, {"a": 10, "nobody": 10}, [["a"], []])
    assert tally(instance, "greedy").selected == ("a",)


def test_a_proposal_costing_more_than_the_budget_is_passed_over() -> None:
    instance = make(100, {"huge": 150, "a": 40}, [["huge", "a"], ["huge"]])
    assert tally(instance, "greedy").selected == ("a",)
    assert tally(instance, "greedy-no-skip").selected == ()


def test_points_ballots_sort_by_the_sum_of_points() -> None:
    instance = make(
        50,
        {"a": 30, "b": 30},
        [["a", "b"], ["b"], ["a"]],
        vote_type="cumulative",
        points=[[1, 2], [1], [3]],
    )
    # a: 1 + 3 = 4 points, b: 2 + 1 = 3 points, though both have two supporters
    assert tally(instance, "greedy").selected == ("a",)


def test_a_ballot_weight_counts_as_that_many_voters() -> None:
    weighted = make(30, {"a": 30, "b": 30}, [["a"], ["b"]], weights=[1, 3])
    repeated = make(30, {"a": 30, "b": 30}, [["a"], ["b"], ["b"], ["b"]])
    assert tally(weighted, "greedy") == tally(repeated, "greedy")
    assert tally(weighted, "greedy").selected == ("b",)


def test_a_budget_with_cents_is_respected_exactly() -> None:
    instance = make(Fraction("100.5"), {"a": 100, "b": 1}, [["a", "b"], ["a"]])
    assert tally(instance, "greedy").selected == ("a",)
    richer = make(Fraction("101.01"), {"a": 100, "b": 1}, [["a", "b"], ["a"]])
    assert tally(richer, "greedy").selected == ("a", "b")


@pytest.mark.parametrize("skip", [True, False])
def test_the_rule_name_can_be_given_for_the_results_page(skip: bool) -> None:
    instance = make(10, {"a": 10}, [["a"]])
    assert greedy(instance, skip=skip, rule="custom").rule == "custom"
