"""The basket a voter composes, as pure functions (no request, no database): what one button
does to it, what is left of it once proposals leave the ballot, and its ranks."""

from __future__ import annotations

from collections.abc import Container, Sequence

from tessera.voting import ballot_rules as vote_rules


def with_ranks(kind: str, choices: list[vote_rules.Choice]) -> list[vote_rules.Choice]:
    """The basket's order is the ranking of a ranked ballot (rank 1 first)."""
    if kind != vote_rules.RANKED:
        return choices
    return [vote_rules.Choice(c.proposal_id, index + 1, None) for index, c in enumerate(choices)]


def on_ballot_only(
    choices: Sequence[vote_rules.Choice], on_ballot: Container[int]
) -> tuple[list[vote_rules.Choice], list[int]]:
    """The choices still on the ballot, and the proposals that left it (made ineligible, hidden
    by the moderation, moved to another district) since the voter chose them: left in, they
    would make every submission of the basket fail."""
    kept = [choice for choice in choices if choice.proposal_id in on_ballot]
    return kept, [choice.proposal_id for choice in choices if choice.proposal_id not in on_ballot]


def basket_apply(
    action: str,
    proposal_id: int | None,
    points: int | None,
    choices: list[vote_rules.Choice],
    allowed: Container[int],
) -> list[vote_rules.Choice]:
    """The basket after one button: `add` (a proposal on the ballot, once), `remove`, `up` /
    `down` (the order is a ranked ballot's ranking), `points` (0 removes it), `clear`.
    Anything else, or a proposal not on the ballot, leaves the basket as it was."""
    ids = [choice.proposal_id for choice in choices]
    if action == "clear":
        return []
    if proposal_id is None:
        return choices
    if action == "add" and proposal_id in allowed and proposal_id not in ids:
        return [*choices, vote_rules.Choice(proposal_id, None, points or None)]
    if action == "remove":
        return [choice for choice in choices if choice.proposal_id != proposal_id]
    if action in {"up", "down"} and proposal_id in ids:
        index = ids.index(proposal_id)
        other = index - 1 if action == "up" else index + 1
        if 0 <= other < len(choices):
            choices = list(choices)
            choices[index], choices[other] = choices[other], choices[index]
        return choices
    if action == "points" and proposal_id in allowed:
        kept = [c for c in choices if c.proposal_id != proposal_id]
        if not points:
            return kept
        if proposal_id in ids:
            return [
                vote_rules.Choice(
                    c.proposal_id, None, points if c.proposal_id == proposal_id else c.points
                )
                for c in choices
            ]
        return [*choices, vote_rules.Choice(proposal_id, None, points)]
    return choices
