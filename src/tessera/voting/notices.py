"""E-mails the vote sends itself: the notice that a vote was reset."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from tessera.accounts.models import User
from tessera.processes.models import Step
from tessera.voting.views.common import vote_url


def reset_notice_send(*, step_id: int, voter_ids: list[int]) -> int:
    """Tell each voter, in their language, that their ballot in this step was deleted by a
    reset and that they may vote again; returns how many e-mails were sent."""
    with scopes_disabled():
        step = Step.objects.select_related("process", "organization").get(pk=step_id)
        voters = list(User.objects.filter(pk__in=voter_ids, is_active=True))
    url = f"{step.organization.site_url}{vote_url(step)}"
    sent = 0
    for voter in voters:
        with translation.override(voter.language or "fr"):
            subject = _("Your ballot in “%(process)s” must be cast again") % {
                "process": step.process.title
            }
            body = _(
                "The organisers changed the rules of the vote “%(step)s” after it opened. "
                "So that every ballot is counted under the same rules, the ballots already "
                "cast were deleted, yours included.\n\nPlease vote again: %(url)s\n"
            ) % {"step": step.title, "url": url}
        EmailMessage(subject=subject, body=body, to=[voter.email]).send()
        sent += 1
    return sent
