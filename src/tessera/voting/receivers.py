"""What the vote does once a ballot is stored: thank the voter by e-mail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.processes.models import Step
from tessera.voting import rules as vote_rules
from tessera.voting.signals import ballot_submitted


@receiver(ballot_submitted, dispatch_uid="voting.thank_voter")
def thank_voter(
    sender: Any,
    voter: User | None,
    step: Step,
    lines: list[tuple[vote_rules.ProposalOption, int | None]],
    kind: str,
    **kwargs: Any,
) -> None:
    if voter is not None:
        _thank(voter, step, lines, kind)


def _thank(
    voter: User, step: Step, lines: list[tuple[vote_rules.ProposalOption, int | None]], kind: str
) -> None:
    """The summary of the ballot, from what the submission already read (no query but the
    site's address)."""
    if not voter.email:
        return
    with translation.override(voter.language or "fr"):
        context: dict[str, Any] = {
            "voter": voter,
            "process": step.process.title,
            "lines": [
                (option.title, vote_rules.format_money(option.cost), points)
                for option, points in lines
            ],
            "kind": kind,
            "total": vote_rules.format_money(sum(option.cost for option, _points in lines)),
            "url": _absolute(step),
        }
        subject = _("Thank you for voting: %(process)s") % {"process": step.process.title}
        body = render_to_string("voting/email/thanks.txt", context)
    EmailMessage(subject=subject, body=body, to=[voter.email]).send()


def _absolute(step: Step) -> str:
    protocol = getattr(settings, "ACCOUNT_DEFAULT_HTTP_PROTOCOL", "https")
    return f"{protocol}://{step.organization.primary_host}{step.get_absolute_url()}"
