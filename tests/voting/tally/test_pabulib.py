"""Reading and writing the pabulib .pb format."""

from fractions import Fraction
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.voting.tally import (
    Ballot,
    Instance,
    Outcome,
    Project,
    VoteType,
    format_pabulib,
    parse_pabulib,
    scores,
)
from tessera.voting.tally.pabulib import PabulibFile, PabulibFormatError, format_money, with_outcome

from .helpers import NO_PABULIB, load, pabulib_names

SAMPLE = (
    "\ufeffMETA\r\n"
    "key;value\r\n"
    'description;"A town; its ""green"" budget"\r\n'
    "num_projects;3\r\n"
    "num_votes;4\r\n"
    "budget;1000.50\r\n"
    "vote_type;cumulative\r\n"
    "rule;greedy\r\n"
    "min_project_score_threshold;2\r\n"
    "PROJECTS\r\n"
    "project_id;cost;name;category;selected\r\n"
    "1;600;Park;green;1\r\n"
    "2;400.0;Bench;;0\r\n"
    "x 3;100;Library; culture ;0\r\n"
    "VOTES\r\n"
    "voter_id;vote;points;age\r\n"
    "a;1,2;2,1;30\r\n"
    "b;2,2;1,1;\r\n"
    "c;;;41\r\n"
    "d;x 3, 1;1, 2;52\r\n"
)


def test_it_reads_sections_quotes_and_columns() -> None:
    parsed = parse_pabulib(SAMPLE)
    instance = parsed.instance
    assert instance.budget == Fraction("1000.5")
    assert instance.vote_type == "cumulative"
    assert [(p.id, p.cost, p.name) for p in instance.projects] == [
        ("1", 600, "Park"),
        ("2", 400, "Bench"),
        ("x 3", 100, "Library"),
    ]
    assert dict(instance.projects[2].attributes) == {"category": "culture"}
    assert parsed.meta_value("description") == 'A town; its "green" budget'
    assert parsed.rule == "greedy"
    assert parsed.threshold == 2
    assert parsed.winners == ("1",)
    assert [(b.voter_id, b.choices, b.points) for b in instance.ballots] == [
        ("a", ("1", "2"), (2, 1)),
        ("b", ("2",), (2,)),  # a project repeated on one ballot counts once, points added
        ("c", (), ()),
        ("d", ("x 3", "1"), (1, 2)),
    ]
    assert dict(instance.ballots[0].attributes) == {"age": "30"}


def test_only_projects_marked_1_are_the_rule_winners() -> None:
    text = SAMPLE.replace("2;400.0;Bench;;0", "2;400.0;Bench;;2")
    assert parse_pabulib(text).winners == ("1",)


def test_written_text_reads_back_to_the_same_instance_and_meta() -> None:
    parsed = parse_pabulib(SAMPLE)
    again = parse_pabulib(format_pabulib(parsed))
    assert again.instance == parsed.instance
    assert again.meta == (*parsed.meta[:3], ("budget", "1000.5"), *parsed.meta[4:])
    assert again.selected == parsed.selected


def test_an_outcome_is_written_as_the_selected_column_and_pabulib_rule() -> None:
    parsed = parse_pabulib(SAMPLE)
    outcome = Outcome(("x 3", "2"), 500, "equal-shares", "")
    written = parse_pabulib(format_pabulib(with_outcome(parsed, outcome)))
    assert written.winners == ("2", "x 3")
    assert written.rule == "equalshares/add1"
    greedy = Outcome(("1",), 600, "greedy", "")
    written = parse_pabulib(format_pabulib(with_outcome(parsed, greedy, threshold=3)))
    assert (written.winners, written.rule, written.threshold) == (("1",), "greedy-threshold", 3)


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (SAMPLE.replace("VOTES", "VOTERS"), "missing sections"),
        (SAMPLE.replace("1;600;Park", "1;600.5;Park"), "fractional cost"),
        (SAMPLE.replace("a;1,2;2,1", "a;1,9;2,1"), "unknown projects"),
        (SAMPLE.replace("a;1,2;2,1", "a;1,2;2"), "vote and points differ"),
        (SAMPLE.replace("budget;1000.50", "budget;lots"), "not a number"),
        ("hello;world\n" + SAMPLE, "must start with a META section"),
    ],
)
def test_it_explains_what_it_cannot_read(broken: str, message: str) -> None:
    with pytest.raises(PabulibFormatError, match=message):
        parse_pabulib(broken)


@pytest.mark.parametrize(
    ("amount", "text"),
    [(1000, "1000"), (Fraction("1555905.71"), "1555905.71"), (Fraction(1, 8), "0.125")],
)
def test_money_is_written_as_an_exact_decimal(amount: int | Fraction, text: str) -> None:
    assert format_money(amount) == text


def test_money_without_a_finite_decimal_is_refused() -> None:
    with pytest.raises(ValueError, match="finite decimal"):
        format_money(Fraction(1, 3))


ROUND_TRIP_FILES = [
    "Netherlands_Assen_2024.pb",  # approval, equal shares
    "Poland_Katowice_2023_Koszutka.pb",  # cumulative
    "Poland_Krakow_2023_Pradnik_Czerwony.pb",  # ordinal, budget with cents
    "Poland_Zabrze_2020_Osiedle_Mlodego_Gornika.pb",  # choose-1
    "Poland_Warszawa_2026_Rakowiec.pb",  # a ballot repeating a project
    "Hungary_Budapest_2022_VIII_Jozsefvaros.pb",  # quoted comment
]


@pytest.mark.skipif(not pabulib_names(), reason=NO_PABULIB)
@pytest.mark.parametrize("name", ROUND_TRIP_FILES)
def test_a_real_file_reads_back_to_the_same_instance(name: str) -> None:
    original = load(name)
    again = parse_pabulib(format_pabulib(original))
    assert again.instance == original.instance
    assert again.selected == original.selected
    assert dict(again.meta) == {**dict(original.meta), "budget": dict(again.meta)["budget"]}
    assert Fraction(dict(again.meta)["budget"]) == Fraction(dict(original.meta)["budget"])


identifiers = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters=",;\"'"
    ),
    min_size=1,
    max_size=6,
)
# readers strip the fields they read, so leading and trailing blanks are not data
texts = st.text(max_size=12).map(str.strip)


@st.composite
def instances(draw: st.DrawFn) -> PabulibFile:
    vote_type = draw(st.sampled_from(["approval", "cumulative", "ordinal", "choose-1"]))
    ids = draw(st.lists(identifiers, min_size=1, max_size=6, unique=True))
    projects = tuple(Project(i, draw(st.integers(0, 10**9)), draw(texts)) for i in ids)
    ballots = []
    for number in range(draw(st.integers(0, 6))):
        most = 1 if vote_type == "choose-1" else len(ids)
        choices = tuple(draw(st.lists(st.sampled_from(ids), unique=True, max_size=most)))
        points: tuple[int, ...] = ()
        if vote_type == "cumulative":
            points = tuple(draw(st.integers(0, 9)) for _ in choices)
        weight = draw(st.integers(1, 3))
        ballots.append(Ballot(choices, points, weight, f"voter {number}"))
    cents = draw(st.integers(0, 10**11))
    budget: int | Fraction = Fraction(cents, 100) if cents % 100 else cents // 100
    max_choices = len(ids) if vote_type == "ordinal" and draw(st.booleans()) else None
    instance = Instance(budget, projects, tuple(ballots), cast(VoteType, vote_type), max_choices)
    return PabulibFile(instance, meta=(("description", draw(texts)),))


@settings(max_examples=150, deadline=None)
@given(instances())
def test_any_instance_reads_back_the_same(original: PabulibFile) -> None:
    again = parse_pabulib(format_pabulib(original))
    assert again.instance == original.instance
    assert again.meta_value("description") == original.meta_value("description")


@settings(max_examples=150, deadline=None)
@given(instances())
def test_one_row_per_voter_writes_each_weight_as_that_many_voters(
    original: PabulibFile,
) -> None:
    again = parse_pabulib(format_pabulib(original, one_row_per_voter=True))
    ballots = original.instance.ballots
    expanded = [(b.choices, b.points) for b in ballots for _ in range(b.weight)]
    assert [(b.choices, b.points) for b in again.instance.ballots] == expanded
    assert [b.voter_id for b in again.instance.ballots] == [
        str(n) for n in range(1, len(expanded) + 1)
    ]
    assert {b.weight for b in again.instance.ballots} <= {1}
    assert "weight" not in again.vote_columns
    assert again.meta_value("num_votes") == str(len(expanded))
    assert scores(again.instance) == scores(original.instance)
