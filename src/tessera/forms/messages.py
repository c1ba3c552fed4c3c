"""The sentences a resident reads for each error code of `validation` and `conditions`."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tessera.forms import validation
from tessera.forms.conditions import ConditionError

REPLY_ERRORS: dict[str, Promise] = {
    validation.REQUIRED: _("This question needs an answer."),
    validation.TOO_LONG: _("This answer is too long."),
    validation.UNKNOWN_OPTION: _("Choose among the answers offered."),
    validation.TOO_FEW: _("Choose more answers."),
    validation.TOO_MANY: _("Choose fewer answers."),
    validation.OTHER_MISSING: _("You chose “other”: say which."),
    validation.NOT_A_NUMBER: _("Enter a number, for example 12 or 3,5."),
    validation.TOO_PRECISE: _("Enter a number with at most 4 decimals."),
    validation.BELOW_MIN: _("This number is too small."),
    validation.ABOVE_MAX: _("This number is too large."),
    validation.OUT_OF_SCALE: _("Choose a grade on the scale."),
    validation.NOT_A_DATE: _("Enter a date, for example 31/12/2026."),
    validation.INCOMPLETE: _("Answer every line."),
    validation.DUPLICATE_RANK: _("Give each item a different rank."),
}

CONDITION_ERRORS: dict[str, Promise] = {
    ConditionError.FORWARD: _("A condition can only read a question placed before this one."),
    ConditionError.CYCLE: _("A question cannot depend on itself."),
    ConditionError.UNKNOWN_SOURCE: _("This condition reads a question that no longer exists."),
    ConditionError.NOT_COMPARABLE: _(
        "This kind of question can only be tested as answered or not answered."
    ),
    ConditionError.OPTION_MISMATCH: _("Choose one of the earlier question's answers."),
    ConditionError.MISSING_VALUE: _("Give the value to compare with."),
    ConditionError.BAD_VALUE: _("This value does not fit the earlier question."),
}


def min_max_hint(low: object, high: object) -> str:
    """ "Between 1 and 3", "At least 2", "At most 5" or "" for a choice or number question."""
    if low is not None and high is not None:
        return str(_("Between %(low)s and %(high)s.")) % {"low": low, "high": high}
    if low is not None:
        return str(_("At least %(low)s.")) % {"low": low}
    if high is not None:
        return str(_("At most %(high)s.")) % {"high": high}
    return ""
