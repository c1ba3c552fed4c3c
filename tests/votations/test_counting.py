"""The count of a votation, pure: percentages, blank apart, turnout, the validity rule, and
majority judgment's ranking (tessera.votations.counting)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tessera.votations import counting
from tessera.votations.counting import Rule, Tallied

RELATIVE = Rule(absolute_majority=False, quorum_percent=None)
ABSOLUTE = Rule(absolute_majority=True, quorum_percent=None)


def agreement(yes: int, no: int, blank: int) -> list[Tallied]:
    return [
        Tallied(1, "Oui", False, yes),
        Tallied(2, "Non", False, no),
        Tallied(3, "Blanc", True, blank),
    ]


def test_the_blank_vote_counts_among_the_votes_and_not_among_the_expressed() -> None:
    result = counting.outcome(agreement(300, 1300, 144), ABSOLUTE, eligible=None)
    assert (result.votes, result.expressed, result.blank) == (1744, 1600, 144)
    no = result.lines[1]
    assert no.of_expressed == 100 * 1300 / 1600
    assert no.of_all == 100 * 1300 / 1744
    assert result.lines[2].of_expressed is None
    assert result.winner == no
    assert result.valid


def test_turnout_is_counted_against_the_eligible_population() -> None:
    result = counting.outcome(agreement(30, 60, 10), RELATIVE, eligible=400)
    assert result.turnout == 25.0


def test_an_absolute_majority_needs_more_than_half_of_the_expressed_votes() -> None:
    three = [*agreement(40, 35, 50), Tallied(4, "Autre", False, 25)]
    result = counting.outcome(three, ABSOLUTE, eligible=None)
    assert result.problems == [counting.NO_MAJORITY]
    assert result.winner is None
    assert not result.valid
    assert counting.outcome(three, RELATIVE, eligible=None).winner == result.lines[0]


def test_exactly_half_of_the_expressed_votes_is_no_absolute_majority() -> None:
    assert counting.validity_problems([50, 50], ABSOLUTE, 100, None) == [
        counting.TIE,
        counting.NO_MAJORITY,
    ]


def test_a_tie_names_no_winner_even_under_a_relative_majority() -> None:
    result = counting.outcome(agreement(10, 10, 3), RELATIVE, eligible=None)
    assert result.problems == [counting.TIE]
    assert result.winner is None


def test_a_quorum_counts_every_vote_cast_blank_included() -> None:
    rule = Rule(absolute_majority=True, quorum_percent=25)
    assert counting.validity_problems([60, 30], rule, votes=100, eligible=400) == []
    assert counting.validity_problems([60, 30], rule, votes=99, eligible=400) == [
        counting.NO_QUORUM
    ]
    assert counting.validity_problems([60, 30], rule, votes=100, eligible=None) == [
        counting.QUORUM_UNKNOWN
    ]


def test_no_vote_is_no_result() -> None:
    result = counting.outcome(agreement(0, 0, 0), RELATIVE, eligible=10)
    assert result.problems == [counting.NO_VOTES]
    assert result.turnout == 0.0
    assert all(line.of_all == 0 for line in result.lines)


counts = st.lists(st.integers(min_value=0, max_value=10_000), min_size=2, max_size=10)


@given(counts, st.integers(min_value=0, max_value=10_000))
def test_percentages_add_up_to_a_hundred(expressed: list[int], blank: int) -> None:
    tallied = [Tallied(i, str(i), False, n) for i, n in enumerate(expressed)]
    tallied.append(Tallied(99, "Blanc", True, blank))
    result = counting.outcome(tallied, RELATIVE, eligible=None)
    if result.votes:
        assert abs(sum(line.of_all for line in result.lines) - 100) < 1e-6
    if result.expressed:
        shares = [line.of_expressed or 0 for line in result.lines]
        assert abs(sum(shares) - 100) < 1e-6


@given(counts)
def test_a_winner_has_the_most_votes_and_holds_only_without_problems(votes: list[int]) -> None:
    tallied = [Tallied(i, str(i), False, n) for i, n in enumerate(votes)]
    result = counting.outcome(tallied, ABSOLUTE, eligible=None)
    if result.winner is not None:
        assert result.winner.votes == max(votes)
        assert 2 * result.winner.votes > sum(votes)
        assert votes.count(max(votes)) == 1
    assert result.valid == (result.problems == [])


@given(counts, st.integers(min_value=1, max_value=100), st.integers(min_value=1, max_value=10**6))
def test_the_quorum_holds_exactly_when_turnout_reaches_it(
    votes: list[int], quorum: int, eligible: int
) -> None:
    cast = sum(votes)
    problems = counting.validity_problems(
        votes, Rule(absolute_majority=False, quorum_percent=quorum), cast, eligible
    )
    if cast:
        assert (counting.NO_QUORUM in problems) == (cast * 100 < quorum * eligible)


def test_the_majority_grade_is_the_lower_median() -> None:
    assert counting.median_grade([0, 0, 1, 1, 0, 0]) == 2
    assert counting.median_grade([1, 0, 0, 0, 0, 1]) == 0
    assert counting.median_grade([0] * 6) is None


def test_majority_judgment_ranks_by_majority_grade_then_the_standard_tie_break() -> None:
    ranking = counting.judgment_ranking(
        {
            1: [5, 4, 3, 3, 1],  # median 3, then 3, 4, …
            2: [5, 3, 3, 2, 2],  # median 3, then 2 …
            3: [2, 2, 1, 0, 0],  # median 1
        },
        {1: "Parc", 2: "Piscine", 3: "Parking"},
    )
    assert [j.label for j in ranking] == ["Parc", "Piscine", "Parking"]
    assert [j.median for j in ranking] == [3, 3, 1]
    assert ranking[0].counts == (0, 1, 0, 2, 1, 1)


@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=50))
def test_more_of_a_better_grade_never_ranks_an_answer_lower(grades: list[int]) -> None:
    better = [*grades, 5]
    worse = [*grades, 0]
    ranking = counting.judgment_ranking({1: worse, 2: better}, {1: "worse", 2: "better"})
    assert ranking[0].label == "better" or ranking[0].counts == ranking[1].counts


def test_a_ballot_names_one_of_the_answers_or_grades_them_all() -> None:
    assert counting.ballot_problems("choice", [1, 2], 2, {}) == []
    assert counting.ballot_problems("choice", [1, 2], 7, {}) == ["answer"]
    assert counting.ballot_problems("choice", [1, 2], None, {}) == ["answer"]
    assert counting.ballot_problems("judgment", [1, 2], None, {1: 5, 2: 0}) == []
    assert counting.ballot_problems("judgment", [1, 2], None, {1: 5}) == ["grades_missing"]
    assert counting.ballot_problems("judgment", [1, 2], None, {1: 5, 2: 6}) == ["grade"]


def test_a_station_reconciles_when_its_ballots_match_its_signatures() -> None:
    assert counting.station_gap(120, 120) == 0
    assert counting.station_gap(120, 118) == -2
