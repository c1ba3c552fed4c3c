"""Majority judgment: the majority grade, the standard tie-break, the ranking (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tessera.forms.majority import Judged, majority_ranking, majority_value

# How many gave each of the six grades, from "à rejeter" (0) to "excellent" (5).
profiles = st.lists(st.integers(0, 12), min_size=6, max_size=6)


def expand(counts: list[int]) -> list[int]:
    return sorted(grade for grade, count in enumerate(counts) for _ in range(count))


def removing_one_by_one(counts: list[int]) -> tuple[int, ...]:
    """The tie-break as the method states it: take the majority grade (the lower median),
    remove one grade equal to it, again."""
    grades, sequence = expand(counts), []
    while grades:
        median = grades[(len(grades) - 1) // 2]
        sequence.append(median)
        grades.remove(median)
    return tuple(sequence)


@given(profiles)
def test_the_majority_value_is_the_successive_majority_grades(counts: list[int]) -> None:
    assert majority_value(counts) == removing_one_by_one(counts)


@given(profiles)
def test_the_majority_grade_is_the_lower_median(counts: list[int]) -> None:
    grades = expand(counts)
    value = majority_value(counts)
    if not grades:
        assert value == ()
        return
    median = value[0]
    # More than half gave it at least this grade, at least half at most this grade.
    assert 2 * sum(g >= median for g in grades) > len(grades)
    assert 2 * sum(g <= median for g in grades) >= len(grades)


@given(st.dictionaries(st.sampled_from("ABCDE"), profiles, min_size=1))
def test_the_ranking_goes_from_the_best_majority_grade_down(
    counts: dict[str, list[int]],
) -> None:
    judges = max(sum(c) for c in counts.values())
    ranking = majority_ranking(counts, judges)
    assert sorted(j.option for j in ranking) == sorted(counts)
    medians = [j.median if j.median is not None else -1 for j in ranking]
    assert medians == sorted(medians, reverse=True)
    ranks = [j.rank for j in ranking]
    assert ranks[0] == 1
    assert ranks == sorted(ranks)
    # The input's order does not matter.
    backwards = dict(reversed(list(counts.items())))
    assert {(j.option, j.rank) for j in majority_ranking(backwards, judges)} == {
        (j.option, j.rank) for j in ranking
    }


@given(profiles, profiles, st.integers(0, 4))
def test_a_better_grade_never_ranks_an_option_lower(
    first: list[int], second: list[int], grade: int
) -> None:
    judges = max(sum(first), sum(second))
    if not first[grade]:
        return
    before = {j.option: j.rank for j in majority_ranking({"A": first, "B": second}, judges)}
    better = list(first)
    better[grade] -= 1
    better[grade + 1] += 1
    after = {j.option: j.rank for j in majority_ranking({"A": better, "B": second}, judges)}
    assert after["A"] <= before["A"]


def test_equal_majority_grades_are_told_apart_by_the_tie_break() -> None:
    # Both "Bien" (3) for 5 judges; removing one 3 each: A shows 3 again, B shows 2.
    a = [0, 0, 1, 2, 2, 0]  # 2 3 3 4 4 → 2 3 4 4
    b = [0, 1, 1, 3, 0, 0]  # 1 2 3 3 3 → 1 2 3 3
    ranking = majority_ranking({"B": b, "A": a}, 5)
    assert ranking == [Judged("A", 3, 1), Judged("B", 3, 2)]


def test_identical_grades_share_a_rank_and_missing_grades_count_as_rejection() -> None:
    ranking = majority_ranking({"A": [0, 0, 0, 0, 0, 3], "B": [0, 0, 0, 0, 0, 3], "C": [0] * 6}, 3)
    assert ranking == [Judged("A", 5, 1), Judged("B", 5, 1), Judged("C", 0, 3)]
    # Two of three judges left "A" without a grade: its majority grade is "à rejeter".
    assert majority_ranking({"A": [0, 0, 0, 0, 0, 1]}, 3)[0].median == 0
    assert majority_ranking({"A": [0] * 6}) == [Judged("A", None, 1)]
