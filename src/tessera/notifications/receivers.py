"""What notifications do when the apps below announce something (they cannot import us)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from tessera.accounts.signals import account_deleting
from tessera.comments.signals import comment_posted
from tessera.contributions.signals import contribution_hidden
from tessera.followup.signals import news_published, realisation_updated
from tessera.news.signals import post_published
from tessera.notifications import events, services
from tessera.proposals.signals import proposal_status_changed, proposal_submitted
from tessera.voting.signals import ballot_submitted, results_published


@receiver(proposal_submitted, dispatch_uid="notifications.proposal_submitted")
def on_proposal_submitted(sender: Any, proposal: Any, **kwargs: Any) -> None:
    events.proposal_submitted_record(proposal=proposal)


@receiver(proposal_status_changed, dispatch_uid="notifications.proposal_status_changed")
def on_proposal_status_changed(
    sender: Any, change: Any, notify: bool = True, **kwargs: Any
) -> None:
    if notify:
        events.status_change_record(change=change)


@receiver(comment_posted, dispatch_uid="notifications.comment_posted")
def on_comment_posted(sender: Any, comment: Any, **kwargs: Any) -> None:
    events.comment_record(comment=comment)


@receiver(contribution_hidden, dispatch_uid="notifications.contribution_hidden")
def on_contribution_hidden(sender: Any, contribution: Any, **kwargs: Any) -> None:
    events.contribution_hidden_record(contribution=contribution)


@receiver(ballot_submitted, dispatch_uid="notifications.ballot_submitted")
def on_ballot_submitted(
    sender: Any, voter: Any, step: Any, lines: Any, kind: str, **kwargs: Any
) -> None:
    # A ballot cast with a mailed code has no account to thank. The ballot itself is not
    # looked at: nothing here may tie it to its voter.
    if voter is not None:
        with transaction.atomic():  # the follow and the event in one commit (ballot rate)
            events.ballot_record(voter=voter, step=step, lines=lines, kind=kind)


@receiver(results_published, dispatch_uid="notifications.results_published")
def on_results_published(sender: Any, results: Any, step: Any, **kwargs: Any) -> None:
    events.results_record(results=results, step=step)


@receiver(realisation_updated, dispatch_uid="notifications.realisation_updated")
def on_realisation_updated(sender: Any, realisation: Any, update: Any, **kwargs: Any) -> None:
    events.realisation_status_record(realisation=realisation, update=update)


@receiver(news_published, dispatch_uid="notifications.news_published")
def on_news_published(sender: Any, news: Any, **kwargs: Any) -> None:
    events.news_record(news=news)


@receiver(post_published, dispatch_uid="notifications.post_published")
def on_post_published(sender: Any, post: Any, **kwargs: Any) -> None:
    events.news_post_record(post=post)


@receiver(account_deleting, dispatch_uid="notifications.account_deleting")
def on_account_deleting(sender: Any, user: Any, **kwargs: Any) -> None:
    services.personal_data_delete(user=user)
