"""The counting rules and tie-breaks in the visitor's language (the tally package is pure
Python and speaks English only; these say the same in words residents read)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tessera.voting import tally

RULE_LABELS: dict[str, Promise] = {
    "greedy": _("Most votes first, within the envelope"),
    "greedy-no-skip": _("Most votes first, stopping at the first proposal that does not fit"),
    "equal-shares": _("Method of Equal Shares"),
    "equal-shares-plain": _("Method of Equal Shares, without completion"),
    "ranked": _("Ranked ballots: rank points, then most points first"),
}
RULE_DESCRIPTIONS: dict[str, Promise] = {
    "greedy": _(
        "Proposals are funded by decreasing score (votes, points or rank points); a proposal "
        "that no longer fits in what is left of the envelope is passed over and the count goes "
        "on with the next ones."
    ),
    "greedy-no-skip": _(
        "Proposals are funded by decreasing score; the count stops at the first proposal that "
        "no longer fits in what is left of the envelope."
    ),
    "equal-shares": _(
        "The envelope is shared equally between voters; a proposal is funded when its "
        "supporters can pay for it together, the proposals they pay least for first. The "
        "unspent money is then used by raising every voter's share one euro at a time, keeping "
        "the last result within the envelope."
    ),
    "equal-shares-plain": _(
        "The Method of Equal Shares without using the unspent money (for comparison)."
    ),
    "ranked": _(
        "Each ballot gives k points to its first choice, k-1 to its second, and so on; "
        "proposals are then funded by decreasing points, as in the greedy rule."
    ),
}
# Keyed by the tally's own English text, so that a change of wording there shows the new
# (untranslated) text rather than a stale translation.
TIE_BREAKS: dict[str, Promise] = {
    (
        "Proposals are taken by decreasing score; between equal scores the cheaper proposal "
        "comes first, then the one submitted earlier."
    ): _(
        "Proposals are taken by decreasing score; between equal scores the cheaper proposal "
        "comes first, then the one submitted earlier."
    ),
    (
        "Each round funds the proposal whose supporters pay the least per unit of cost; between "
        "equal prices the cheaper proposal comes first, then the one with more supporters, then "
        "the one submitted earlier."
    ): _(
        "Each round funds the proposal whose supporters pay the least per unit of cost; between "
        "equal prices the cheaper proposal comes first, then the one with more supporters, then "
        "the one submitted earlier."
    ),
}


def rule_label(rule: str) -> str:
    return str(RULE_LABELS.get(rule, rule))


def rule_description(rule: str) -> str:
    if rule in RULE_DESCRIPTIONS:
        return str(RULE_DESCRIPTIONS[rule])
    return tally.RULES[rule].description if rule in tally.RULES else ""


def tie_break(text: str) -> str:
    """The tie-break a count used (its stored text), in the visitor's language."""
    return str(TIE_BREAKS[text]) if text in TIE_BREAKS else text
