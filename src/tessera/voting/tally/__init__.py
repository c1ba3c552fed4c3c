"""Counting the ballots of a vote step (dépouillement). Pure Python: no Django in here.

Rules, by the names a vote step stores (`RULES`; `tally(instance, rule, threshold)` counts):

- ``greedy`` — proposals are funded by decreasing score: number of votes for approval
  ballots, points for points ballots, rank points for ranked ballots. A proposal that no
  longer fits in what is left of the budget is passed over, and the count goes on.
- ``greedy-no-skip`` — the same, but the count stops at the first proposal that does not
  fit (as in Gdynia).
- ``equal-shares`` — the Method of Equal Shares: the budget is shared equally between the
  voters; a proposal is funded when its supporters can pay for it together, sharing its cost
  as equally as their remaining money allows, and the proposals they pay least for (per unit
  of cost) come first. The money left over is then used as equalshares.net and the cities
  that adopted the method do: every voter's share is raised by one currency unit at a time,
  and the last result that still fits the budget is kept.
- ``equal-shares-plain`` — the Method of Equal Shares without that last step (comparison).
- ``ranked`` — for ranked ballots: the first of k choices scores k points, the second k-1,
  ... (3/2/1 for a top 3), then the greedy rule.

Every rule accepts a minimum score: a proposal scoring below it is never funded. A proposal
that nobody supported is never funded. For equal shares, a voter supports the proposals on
their ballot (ranks and points aside), and a proposal that costs nothing is left out, as in
equalshares.net and pabutools (it brings no satisfaction when satisfaction is its cost).

Ties (`TIE_BREAK_DESCRIPTION` per rule) are broken in a fixed, documented order: for the
greedy rules, equal scores go to the cheaper proposal, then to the one submitted earlier; for
equal shares, equal prices go to the cheaper proposal, then to the one with more supporters,
then to the one submitted earlier.

Counting is exact: costs are integers, shares and prices are integers and fractions; no
decision rests on a float (floats only speed up some sorting, exact values settle any tie).
"""

from .equal_shares import equal_shares
from .greedy import greedy
from .model import Ballot, Instance, InvalidInstanceError, Outcome, Project, VoteType
from .pabulib import PabulibFile, format_pabulib, parse_pabulib, read_pabulib, write_pabulib
from .ranked import NotRankedError, ranked
from .rules import RULES, TIE_BREAK_DESCRIPTION, Rule, UnknownRuleError, tally
from .scores import scores, supporters

__all__ = [
    "RULES",
    "TIE_BREAK_DESCRIPTION",
    "Ballot",
    "Instance",
    "InvalidInstanceError",
    "NotRankedError",
    "Outcome",
    "PabulibFile",
    "Project",
    "Rule",
    "UnknownRuleError",
    "VoteType",
    "equal_shares",
    "format_pabulib",
    "greedy",
    "parse_pabulib",
    "ranked",
    "read_pabulib",
    "scores",
    "supporters",
    "tally",
    "write_pabulib",
]
