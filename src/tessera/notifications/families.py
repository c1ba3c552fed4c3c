"""The families of events a resident chooses e-mails for, and the kinds of events in each.

A family is what the preferences page lists (one choice per family: immediately, in a daily or
weekly digest, never). An event kind says which family it belongs to and how to say it in one
line, in the active language, from the event's payload (a snapshot taken when it happened, so
a later edit of the proposal does not rewrite what people were told).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tessera.followup.statuses import RealisationStatus
from tessera.proposals.statuses import ProposalStatus


class Family(models.TextChoices):
    PROPOSALS = "proposals", _("Proposals I follow: status changes and official answers")
    COMMENTS = "comments", _("Comments on my proposals and replies to my comments")
    REALISATIONS = "realisations", _("Realisations I follow: news and progress")
    PROCESSES = "processes", _("Processes I follow: steps opening, news, vote reminders, results")
    NEWS = "news", _("News of the whole site (only if you choose it)")
    CONTRIBUTIONS = "contributions", _("Thank-you messages after I take part")
    MODERATION = "moderation", _("What I wrote that the moderators hid, and why")


# Families nobody is in unless they chose it: their default is "never", and an event of theirs
# reaches only those who picked another frequency (site-wide news is not something one follows).
OPT_IN = frozenset({Family.NEWS})

Payload = Mapping[str, Any]


@dataclass(frozen=True)
class EventKind:
    identifier: str
    family: Family
    headline: Callable[[Payload], str]
    # Payload keys erased once the e-mail is sent (or not to be sent): a ballot's summary
    # must not stay stored beside its voter's name (secret ballot, DESIGN.md).
    ephemeral: tuple[str, ...] = ()


_kinds: dict[str, EventKind] = {}


def register(kind: EventKind) -> EventKind:
    _kinds[kind.identifier] = kind
    return kind


def get(identifier: str) -> EventKind:
    return _kinds[identifier]


def headline(identifier: str, payload: Payload) -> str:
    """The one-line summary of an event, in the active language."""
    return get(identifier).headline(payload)


def _status_label(value: str) -> str:
    return str(ProposalStatus(value).label) if value in ProposalStatus.values else value


def _realisation_status_label(value: str) -> str:
    return str(RealisationStatus(value).label) if value in RealisationStatus.values else value


def _proposal_status(payload: Payload) -> str:
    values = {"title": payload["title"], "status": _status_label(payload["to_status"])}
    if payload.get("answer"):
        return gettext("“%(title)s” is now: %(status)s, with an official answer") % values
    return gettext("“%(title)s” is now: %(status)s") % values


PROPOSAL_STATUS = register(
    EventKind(identifier="proposal_status", family=Family.PROPOSALS, headline=_proposal_status)
)
PROPOSAL_COMMENTED = register(
    EventKind(
        identifier="proposal_commented",
        family=Family.COMMENTS,
        headline=lambda p: gettext("%(author)s commented on your proposal “%(title)s”") % p,
    )
)
COMMENT_REPLIED = register(
    EventKind(
        identifier="comment_replied",
        family=Family.COMMENTS,
        headline=lambda p: gettext("%(author)s replied to your comment on “%(title)s”") % p,
    )
)
PROPOSAL_THANKS = register(
    EventKind(
        identifier="proposal_thanks",
        family=Family.CONTRIBUTIONS,
        headline=lambda p: gettext("Thank you for your proposal “%(title)s”") % p,
    )
)
CONTRIBUTION_HIDDEN = register(
    EventKind(
        identifier="contribution_hidden",
        family=Family.MODERATION,
        headline=lambda p: gettext("Your contribution “%(title)s” is hidden: %(reason)s") % p,
    )
)
BALLOT_THANKS = register(
    EventKind(
        identifier="ballot_thanks",
        family=Family.CONTRIBUTIONS,
        headline=lambda p: gettext("Thank you for voting: %(process)s") % p,
        ephemeral=("lines", "total", "kind"),
    )
)
STEP_OPENED = register(
    EventKind(
        identifier="step_opened",
        family=Family.PROCESSES,
        headline=lambda p: gettext("%(process)s: “%(step)s” is open") % p,
    )
)
STEP_CLOSING = register(
    EventKind(
        identifier="step_closing",
        family=Family.PROCESSES,
        headline=lambda p: gettext("%(process)s: “%(step)s” closes tomorrow") % p,
    )
)
VOTE_CLOSING = register(
    EventKind(
        identifier="vote_closing",
        family=Family.PROCESSES,
        headline=lambda p: gettext("%(process)s: the vote “%(step)s” closes tomorrow") % p,
    )
)
RESULTS_PUBLISHED = register(
    EventKind(
        identifier="results_published",
        family=Family.PROCESSES,
        headline=lambda p: gettext("%(process)s: the results of “%(step)s” are published") % p,
    )
)
REALISATION_STATUS = register(
    EventKind(
        identifier="realisation_status",
        family=Family.REALISATIONS,
        headline=lambda p: (
            gettext("Realisation “%(title)s”: %(status)s")
            % {"title": p["title"], "status": _realisation_status_label(p["to_status"])}
        ),
    )
)
REALISATION_NEWS = register(
    EventKind(
        identifier="realisation_news",
        family=Family.REALISATIONS,
        headline=lambda p: gettext("News of “%(title)s”: %(news)s") % p,
    )
)
PROCESS_NEWS = register(
    EventKind(
        identifier="process_news",
        family=Family.PROCESSES,
        headline=lambda p: gettext("News of %(process)s: “%(title)s”") % p,
    )
)
SITE_NEWS = register(
    EventKind(
        identifier="site_news",
        family=Family.NEWS,
        headline=lambda p: gettext("News: “%(title)s”") % p,
    )
)
