"""The counting rules and tie-breaks in the visitor's language (the tally package is pure
Python and speaks English only; these say the same in words residents read)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tessera.voting import ballot_rules as vote_rules
from tessera.voting import tally
from tessera.voting.models import ResidenceProof, Scope, VoteSettings

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


def points_cap_sentence(cap: int) -> str:
    return ngettext(
        "At most %(count)d point per proposal", "At most %(count)d points per proposal", cap
    ) % {"count": cap}


def theme_limit_sentences(limit: vote_rules.ThemeLimit) -> list[str]:
    """A theme's quotas in the voter's words: the same sentences as the errors that break them
    (rules._theme_errors), on the vote page and on the voting-code page."""
    theme, sentences = limit.theme_name, []
    if limit.min_choices:
        sentences.append(
            ngettext(
                "Choose at least %(count)d proposal in the theme “%(theme)s”",
                "Choose at least %(count)d proposals in the theme “%(theme)s”",
                limit.min_choices,
            )
            % {"count": limit.min_choices, "theme": theme}
        )
    if limit.max_choices is not None:
        sentences.append(
            ngettext(
                "Choose at most %(count)d proposal in the theme “%(theme)s”",
                "Choose at most %(count)d proposals in the theme “%(theme)s”",
                limit.max_choices,
            )
            % {"count": limit.max_choices, "theme": theme}
        )
    for amount, text in (
        (limit.min_amount, gettext("Spend at least %(amount)s in the theme “%(theme)s”")),
        (limit.max_amount, gettext("Spend at most %(amount)s in the theme “%(theme)s”")),
    ):
        if amount is not None:
            sentences.append(text % {"amount": vote_rules.format_money(amount), "theme": theme})
    return sentences


def rules_summary(settings: VoteSettings, rules: vote_rules.BallotRules) -> list[str]:
    """The rules of this ballot in sentences, stated before the voter chooses."""
    lines = [_kind_sentence(rules), *_count_sentences(rules)]
    if rules.min_spend:
        amount = vote_rules.format_money(rules.min_spend)
        lines.append(gettext("Spend at least %(amount)s of the envelope.") % {"amount": amount})
    cap = rules.max_points_per_proposal
    if rules.kind == vote_rules.POINTS and cap:
        lines.append(points_cap_sentence(cap))
    for limit in rules.theme_limits:
        lines += theme_limit_sentences(limit)
    return lines + _voter_sentences(settings)


def _kind_sentence(rules: vote_rules.BallotRules) -> str:
    if rules.kind == vote_rules.BUDGET and rules.budget is not None:
        return gettext("Budget vote: choose projects whose costs add up to at most %(amount)s.") % {
            "amount": vote_rules.format_money(rules.budget)
        }
    if rules.kind == vote_rules.RANKED:
        return gettext("Ranked vote: order the projects you prefer, number 1 first.")
    if rules.kind == vote_rules.POINTS and rules.points:
        return ngettext(
            "Points vote: spread %(count)d point among the projects.",
            "Points vote: spread %(count)d points among the projects.",
            rules.points,
        ) % {"count": rules.points}
    if rules.kind == vote_rules.POINTS:
        return gettext("Points vote: give points to the projects you prefer.")
    return gettext("Approval vote: choose the projects you support.")


def _count_sentences(rules: vote_rules.BallotRules) -> list[str]:
    low, high = rules.min_choices, rules.max_choices
    if high is not None and low == high:
        return [
            ngettext(
                "Choose exactly %(count)d project.", "Choose exactly %(count)d projects.", high
            )
            % {"count": high}
        ]
    if high is not None and low > 1:
        return [gettext("Choose between %(min)d and %(max)d projects.") % {"min": low, "max": high}]
    sentences = []
    if low > 1:
        sentences.append(
            ngettext(
                "Choose at least %(count)d proposal", "Choose at least %(count)d proposals", low
            )
            % {"count": low}
        )
    if high is not None:
        sentences.append(
            ngettext(
                "Choose at most %(count)d proposal", "Choose at most %(count)d proposals", high
            )
            % {"count": high}
        )
    return sentences


def _voter_sentences(settings: VoteSettings) -> list[str]:
    lines = [gettext("Voting needs an account with a verified e-mail address.")]
    if settings.min_age:
        lines.append(
            gettext("This vote is open from the age of %(age)d.") % {"age": settings.min_age}
        )
    if settings.residence_required and settings.scope != Scope.PROCESS:
        lines.append(proof_sentence(settings))
    if settings.scope != Scope.PROCESS and not settings.districts_several:
        lines.append(gettext("Each voter votes in one district only."))
    if settings.census_required:
        lines.append(
            gettext("Your census or invitation code is asked when you submit your ballot.")
        )
    if settings.ballot_changeable:
        lines.append(gettext("You can change your ballot until the vote closes."))
    else:
        lines.append(gettext("Once submitted, your ballot cannot be changed."))
    return lines


def proof_sentence(settings: VoteSettings) -> str:
    """What the vote page says of the proof of residence it asks for."""
    if settings.residence_proof == ResidenceProof.STAFF:
        return gettext(
            "A district's ballot is open only to the people who live there, as checked by the "
            "town's staff on a proof of address."
        )
    if settings.residence_proof == ResidenceProof.CENSUS:
        return gettext(
            "A district's ballot is open only to the people who live there: your census code "
            "says which district."
        )
    return gettext(
        "A district's ballot is open only to the people who live there: the district of your "
        "profile at your first ballot counts, and changing it later changes nothing."
    )
