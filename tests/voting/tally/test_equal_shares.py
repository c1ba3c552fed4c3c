"""The Method of Equal Shares on small elections whose outcome is known by hand."""

from fractions import Fraction

from tessera.voting.tally import equal_shares, tally
from tessera.voting.tally.equal_shares import EQUAL_SHARES_TIE_BREAK

from .helpers import make

RED_AND_BLUE = {"r1": 20, "r2": 20, "r3": 20, "b1": 20, "b2": 20, "b3": 20}


def red_and_blue(budget: int) -> list[list[str]]:
    """Six voters want the red projects, four the blue ones; each project costs 20."""
    return [["r1", "r2", "r3"]] * 6 + [["b1", "b2", "b3"]] * 4


def test_plain_equal_shares_gives_each_group_what_its_share_pays_for() -> None:
    # 60 shared by 10 voters: the reds hold 36 (one project), the blues 24 (one project)
    instance = make(60, RED_AND_BLUE, red_and_blue(60))
    outcome = tally(instance, "equal-shares-plain")
    assert outcome.selected == ("r1", "b1")
    assert outcome.total_cost == 40
    assert outcome.rule == "equal-shares-plain"
    assert outcome.tie_break == EQUAL_SHARES_TIE_BREAK
    assert tally(instance, "greedy").selected == ("r1", "r2", "r3")


def test_the_completion_raises_shares_until_the_next_raise_would_overspend() -> None:
    # shares 7, 8, 9: the reds afford 2 projects, the blues 1 (60 in all);
    # share 10: 3 + 2 projects cost 100 > 60, so the count keeps the share-9 outcome
    instance = make(60, RED_AND_BLUE, red_and_blue(60))
    outcome = tally(instance, "equal-shares")
    assert set(outcome.selected) == {"r1", "r2", "b1"}
    assert outcome.total_cost == 60
    assert outcome.rule == "equal-shares"


def test_equal_prices_go_to_the_cheaper_proposal() -> None:
    # both are paid by the same two voters in equal parts: the same price per unit of cost
    instance = make(22, {"dear": 20, "cheap": 10}, [["dear", "cheap"], ["dear", "cheap"]])
    assert tally(instance, "equal-shares-plain").selected == ("cheap",)


def test_equal_prices_and_costs_go_to_the_earlier_proposal() -> None:
    instance = make(20, {"first": 20, "second": 20}, [["second", "first"]] * 2)
    assert tally(instance, "equal-shares").selected == ("first",)


def test_equal_prices_and_costs_go_to_the_proposal_with_more_supporters() -> None:
    # Eight voters hold 6 each. "s" (24) is paid by its four supporters in full, which
    # leaves v0 with nothing. Then "q" (12) costs its two paying supporters 6 each, as "p"
    # (12) does: equal prices and costs, and "q" has three supporters to two.
    instance = make(
        48,
        {"s": 24, "p": 12, "q": 12},
        [["s", "q"], ["q"], ["q"], ["p"], ["p"], ["s"], ["s"], ["s"]],
    )
    assert tally(instance, "equal-shares-plain").selected == ("s", "q", "p")


def test_voters_with_empty_ballots_still_receive_a_share() -> None:
    # two of four voters want "a" (10): with 2.5 each they cannot pay for it; raising the
    # shares to 5.5 lets them, and the count stops once every candidate is funded
    instance = make(10, {"a": 10}, [["a"], ["a"], [], []])
    assert tally(instance, "equal-shares-plain").selected == ()
    assert tally(instance, "equal-shares").selected == ("a",)


def test_a_proposal_costing_more_than_the_budget_is_never_funded() -> None:
    instance = make(100, {"huge": 200, "b": 50}, [["huge", "b"], ["huge", "b"]])
    assert tally(instance, "equal-shares").selected == ("b",)
    assert tally(instance, "equal-shares-plain").selected == ("b",)


def test_the_budget_can_be_exhausted_exactly() -> None:
    instance = make(30, {"a": 10, "b": 20}, [["a"], ["b"], ["b"]])
    outcome = tally(instance, "equal-shares")
    assert set(outcome.selected) == {"a", "b"}
    assert outcome.total_cost == 30


def test_nothing_is_funded_without_voters() -> None:
    instance = make(100, {"a": 10}, [])
    assert tally(instance, "equal-shares").selected == ()
    assert tally(instance, "equal-shares-plain").selected == ()


def test_a_proposal_below_the_threshold_is_not_a_candidate() -> None:
    instance = make(100, {"a": 10, "b": 10}, [["a", "b"], ["a"], ["a"]])
    assert set(tally(instance, "equal-shares").selected) == {"a", "b"}
    assert tally(instance, "equal-shares", threshold=2).selected == ("a",)


def test_a_proposal_that_costs_nothing_is_left_out() -> None:
    # with cost satisfaction it brings no satisfaction (as in equalshares.net and pabutools)
    instance = make(10, {"a": 10, "free": 0}, [["a", "free"], ["a"]])
    assert tally(instance, "equal-shares-plain").selected == ("a",)
    assert tally(instance, "equal-shares").selected == ("a",)


def test_ballot_weights_count_as_that_many_voters() -> None:
    weighted = make(60, {"a": 30, "b": 30, "c": 30}, [["a"], ["b", "c"]], weights=[2, 1])
    repeated = make(60, {"a": 30, "b": 30, "c": 30}, [["a"], ["a"], ["b", "c"]])
    assert tally(weighted, "equal-shares") == tally(repeated, "equal-shares")
    assert tally(weighted, "equal-shares-plain") == tally(repeated, "equal-shares-plain")


def test_a_budget_with_cents_is_shared_exactly() -> None:
    # 100.5 / 3 voters = 33.5 each: the two supporters of "a" hold exactly its cost of 67
    instance = make(Fraction("100.5"), {"a": 67}, [["a"], ["a"], []])
    assert tally(instance, "equal-shares-plain").selected == ("a",)
    poorer = make(Fraction("100.49"), {"a": 67}, [["a"], ["a"], []])
    assert tally(poorer, "equal-shares-plain").selected == ()


def test_the_comparison_step_switches_to_greedy_when_most_voters_prefer_it() -> None:
    # MES funds one project per group; greedy funds the majority's two. 3 voters prefer
    # greedy, 2 prefer MES.
    instance = make(50, {"m1": 20, "m2": 20, "x": 20}, [["m1", "m2"]] * 3 + [["x"]] * 2)
    assert set(equal_shares(instance, completion=False).selected) == {"m1", "x"}
    compared = equal_shares(instance, completion=False, comparison="satisfaction")
    assert set(compared.selected) == {"m1", "m2"}
