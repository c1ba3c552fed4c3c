"""Fixtures of the contributions tests: the proposals' (a proposal is the first kind)."""

from tests.proposals.conftest import (  # noqa: F401  fixtures
    author,
    process,
    proposal,
    step,
    theme,
)
