"""The rule registry, the entry point, and what an instance may hold."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import tessera.voting.tally as tally_package
from tessera.voting.tally import (
    RULES,
    TIE_BREAK_DESCRIPTION,
    Ballot,
    Instance,
    InvalidInstanceError,
    Project,
    UnknownRuleError,
    tally,
)

from .helpers import make


def test_the_rule_names_are_the_ones_vote_steps_store() -> None:
    assert set(RULES) == {
        "greedy",
        "greedy-no-skip",
        "equal-shares",
        "equal-shares-plain",
        "ranked",
    }


def test_every_rule_describes_itself_and_its_tie_break() -> None:
    assert set(TIE_BREAK_DESCRIPTION) == set(RULES)
    for name, rule in RULES.items():
        assert rule.name == name
        assert rule.description
        assert TIE_BREAK_DESCRIPTION[name] == rule.tie_break != ""


@pytest.mark.parametrize("name", sorted(RULES))
def test_the_outcome_names_its_rule_and_tie_break(name: str) -> None:
    instance = make(30, {"a": 10, "b": 20}, [["a", "b"], ["b"]], vote_type="ordinal", max_choices=2)
    outcome = tally(instance, name)
    assert outcome.rule == name
    assert outcome.tie_break == TIE_BREAK_DESCRIPTION[name]
    assert outcome.total_cost == instance.cost_of(outcome.selected)


def test_an_unknown_rule_is_refused_with_the_known_ones() -> None:
    with pytest.raises(UnknownRuleError, match="greedy-no-skip"):
        tally(make(10, {"a": 10}, [["a"]]), "borda")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: make(10, {"a": 10}, [["b"]]), "unknown projects"),
        (lambda: make(10, {"a": -1}, []), "invalid cost"),
        (lambda: make(-1, {"a": 1}, []), "non-negative"),
        (lambda: make(10, {"a": 1}, [["a", "a"]]), "twice"),
        (lambda: make(10, {"a": 1}, [["a"]], weights=[0]), "weight"),
        (lambda: make(10, {"a": 1, "b": 1}, [["a", "b"]], vote_type="choose-1"), "more than one"),
        (
            lambda: make(10, {"a": 1, "b": 1}, [["a", "b"]], vote_type="ordinal", max_choices=1),
            "max_choices",
        ),
        (lambda: make(10, {"a": 1}, [["a"]], vote_type="cumulative", points=[[]]), "point"),
        (lambda: make(10, {"a": 1}, [["a"]], points=[[1]]), "has points"),
        (
            lambda: Instance(10, (Project("a", 1), Project("a", 2)), (Ballot(("a",)),)),
            "appears twice",
        ),
    ],
)
def test_an_instance_that_cannot_be_counted_is_refused(build, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInstanceError, match=message):
        build()


def test_the_tally_package_imports_no_django() -> None:
    package = Path(tally_package.__file__).parent
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(name.split(".")[0] == "django" for name in names), module.name
    # and importing it pulls in no Django indirectly
    source = package.parents[2]
    code = (
        "import sys, tessera.voting.tally; print(any(m.startswith('django') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(source)},
    )
    assert result.stdout.strip() == "False"
