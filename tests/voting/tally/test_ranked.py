"""The ranked rule: k points for a first choice of k, then greedy."""

import pytest

from tessera.voting.tally import NotRankedError, scores, tally

from .helpers import make


def test_rank_one_of_three_scores_three_points() -> None:
    instance = make(
        100,
        {"a": 10, "b": 10, "c": 10},
        [["a", "b", "c"], ["c", "b"], ["b"]],
        vote_type="ordinal",
        max_choices=3,
    )
    assert scores(instance) == {"a": 3, "b": 2 + 2 + 3, "c": 1 + 3}


def test_without_a_configured_maximum_the_longest_ballot_sets_k() -> None:
    instance = make(100, {"a": 10, "b": 10}, [["a", "b"], ["b"]], vote_type="ordinal")
    assert scores(instance) == {"a": 2, "b": 1 + 2}


def test_it_funds_by_decreasing_rank_points() -> None:
    instance = make(
        25,
        {"a": 10, "b": 15, "c": 10},
        [["a", "b", "c"], ["b", "a"], ["b", "c"]],
        vote_type="ordinal",
        max_choices=3,
    )
    # a = 3 + 2, b = 2 + 3 + 3, c = 1 + 2
    outcome = tally(instance, "ranked")
    assert outcome.selected == ("b", "a")
    assert outcome.rule == "ranked"


def test_equal_rank_points_go_to_the_cheaper_then_earlier_proposal() -> None:
    instance = make(
        20,
        {"a": 20, "b": 10, "c": 10},
        [["a", "b"], ["b", "a"], ["c"]],
        vote_type="ordinal",
        max_choices=2,
    )
    # a = 2 + 1 = 3, b = 1 + 2 = 3, c = 2
    assert tally(instance, "ranked").selected == ("b", "c")


def test_a_threshold_applies_to_rank_points() -> None:
    instance = make(
        100, {"a": 10, "b": 10}, [["a", "b"], ["a"]], vote_type="ordinal", max_choices=2
    )
    assert tally(instance, "ranked", threshold=2).selected == ("a",)


def test_greedy_on_ranked_ballots_uses_the_same_rank_points() -> None:
    instance = make(
        20,
        {"a": 10, "b": 10, "c": 10},
        [["c", "a", "b"], ["a", "c"], ["b"]],
        vote_type="ordinal",
        max_choices=3,
    )
    assert tally(instance, "greedy").selected == tally(instance, "ranked").selected


def test_it_refuses_ballots_that_are_not_ranked() -> None:
    instance = make(100, {"a": 10}, [["a"]])
    with pytest.raises(NotRankedError):
        tally(instance, "ranked")
