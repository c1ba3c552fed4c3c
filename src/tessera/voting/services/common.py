"""What the vote's services share: the refusal, code hashing, the audit line, the checks of
the scope and of the rules."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.processes.timeline import Phase
from tessera.voting import ballot_rules as vote_rules
from tessera.voting.models import (
    AuditEntry,
)
from tessera.voting.selectors import (
    ballot_districts,
    ballot_rules_for,
    vote_settings_for,
)

logger = logging.getLogger(__name__)

# Codes read aloud or typed from paper: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


class BallotRefused(ValidationError):
    """The ballot is refused: `code` names the check that refused it ("closed", "age",
    "already_voted", … or "rules" for the ballot's own limits), `codes` the codes of the
    rules it breaks (`BallotError.code`: "budget", "min_choices", …; the interface and the
    tests compare these), `messages` says it in the voter's language."""

    def __init__(self, message: Any, code: str | None = None, *, codes: Sequence[str] = ()):
        super().__init__(message, code=code)
        self.code = code  # also for a list of messages, which ValidationError leaves without
        self.codes = list(codes) or ([code] if code else [])


def code_hash(code: str) -> str:
    """Codes are stored hashed: a leaked table gives no usable code."""
    normalized = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(normalized.encode()).hexdigest()


def code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def audit_record(step: Step, actor: User | None, action: str, details: dict[str, Any]) -> None:
    """One line of the staff actions' audit trail, in the transaction of the action itself."""
    AuditEntry.objects.create(
        organization_id=step.organization_id,
        step=step,
        actor=actor,
        action=action,
        details=details,
    )
    # The operator's log too (core.logs adds the request, organisation and user ids).
    logger.info(
        "voting: %s", action, extra={"event": action, "step_id": step.pk, "details": details}
    )


def scope_details(district: District | None) -> dict[str, Any]:
    if district is None:
        return {"district": None}
    return {"district": district.pk, "name": district.name}


def check_open(step: Step) -> None:
    if step.kind != "vote" or step.phase() is not Phase.CURRENT:
        raise BallotRefused(_("The vote is not open."), code="closed")


def check_scope(step: Step, district: District | None) -> None:
    scope = vote_settings_for(step).scope
    if district is None and scope == "district":
        raise BallotRefused(_("Choose the district you vote in."), code="district")
    if district is not None and (scope == "process" or district not in ballot_districts(step)):
        raise BallotRefused(_("This district does not vote here."), code="district")


def checked_rules(
    step: Step, district: District | None, choices: Sequence[vote_rules.Choice]
) -> vote_rules.BallotRules:
    rules = ballot_rules_for(step, district)
    errors = vote_rules.validate_ballot(rules, choices)
    if errors:
        raise BallotRefused(
            [error.message for error in errors],
            code="rules",
            codes=[error.code for error in errors],
        )
    return rules
