"""Recording what happened, from the domain's announcements and from the clock.

Each function builds the event's payload (what to say) and audience (who is told, by
recipients.py) and records it under a deduplication key: an event announced twice (a signal
sent again, the clock run twice) is recorded once. The fan-out runs in a task once the
transaction commits, so a web request never waits for 50,000 recipients.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.template.defaultfilters import truncatechars
from django.utils import timezone

from tessera.accounts.models import User
from tessera.comments.models import Comment
from tessera.contributions import kinds as contribution_kinds
from tessera.contributions.models import Contribution
from tessera.followup.models import NewsPost, Realisation, RealisationUpdate
from tessera.news.models import Post
from tessera.notifications import families, recipients, tasks
from tessera.notifications.models import Event, Follow
from tessera.processes.models import Step
from tessera.proposals.models import Proposal, ProposalStatusChange
from tessera.voting import ballot_rules as vote_rules
from tessera.voting.models import Results

EXCERPT_LENGTH = 200


def event_record(
    *,
    organization_id: int,
    kind: str,
    key: str,
    audience: recipients.Audience,
    payload: dict[str, Any],
) -> Event | None:
    """Record an event once per key and fan it out after commit; None if it was known."""
    try:
        with transaction.atomic():
            event = Event.objects.create(
                organization_id=organization_id,
                kind=kind,
                family=families.get(kind).family,
                key=key,
                payload=payload,
                audience=audience.as_json(),
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: tasks.event_fan_out.enqueue(event_id=event.pk))
    return event


def follow_auto(
    *, user: User, process_id: int | None = None, contribution_id: int | None = None
) -> None:
    """Taking part follows what one took part in, unless one unfollowed it (the row stays)."""
    Follow.objects.bulk_create(
        [
            Follow(
                organization_id=user.organization_id,
                user=user,
                process_id=process_id,
                contribution_id=contribution_id,
            )
        ],
        ignore_conflicts=True,
    )


def status_change_record(*, change: ProposalStatusChange) -> Event | None:
    proposal = Proposal.objects.select_related("step__process").get(pk=change.proposal_id)
    return event_record(
        organization_id=proposal.organization_id,
        kind=families.PROPOSAL_STATUS.identifier,
        key=f"proposal-status:{change.pk}",
        audience=recipients.status_change(
            proposal_id=proposal.pk,
            author_id=proposal.author_id,
            changed_by_id=change.changed_by_id,
        ),
        payload={
            "title": proposal.title,
            "from_status": change.from_status,
            "to_status": change.to_status,
            "answer": change.public_answer,
            "path": proposal.get_absolute_url(),
        },
    )


def comment_record(*, comment: Comment) -> list[Event]:
    """The author of the commented contribution and the author of the comment replied to."""
    comment = Comment.objects.select_related("author", "parent", "target").get(pk=comment.pk)
    target = comment.target
    target_kind = contribution_kinds.get(target.kind)
    if comment.author_id is not None and target_kind.offers(contribution_kinds.Feature.FOLLOW):
        follow_auto(user=comment.author, contribution_id=target.pk)  # type: ignore[arg-type]
    payload = {
        "title": target_kind.title(target.owner),
        "author": comment.author.display_name if comment.author else "",
        "excerpt": truncatechars(" ".join(comment.body.split()), EXCERPT_LENGTH),
        "path": comment.get_absolute_url(),
    }
    planned = recipients.comment_posted(
        contribution_id=target.pk,
        contribution_author_id=target.author_id,
        parent_author_id=comment.parent.author_id if comment.parent else None,
        commenter_id=comment.author_id,
    )
    recorded = [
        event_record(
            organization_id=comment.organization_id,
            kind=kind,
            key=f"{kind}:{comment.pk}",
            audience=audience,
            payload=payload,
        )
        for kind, audience in planned
    ]
    return [event for event in recorded if event is not None]


def proposal_submitted_record(*, proposal: Proposal) -> Event | None:
    if proposal.author is None:
        return None
    follow_auto(user=proposal.author, contribution_id=proposal.contribution_id)
    return event_record(
        organization_id=proposal.organization_id,
        kind=families.PROPOSAL_THANKS.identifier,
        key=f"proposal-thanks:{proposal.pk}",
        audience=recipients.contributor(user_id=proposal.author.pk),
        payload={"title": proposal.title, "path": proposal.get_absolute_url()},
    )


def contribution_hidden_record(*, contribution: Contribution) -> Event | None:
    """Tell the author their contribution is hidden, with the public reason (once per hiding)."""
    contribution = Contribution.objects.select_related("author").get(pk=contribution.pk)
    if contribution.author is None or contribution.hidden_at is None:
        return None
    kind = contribution_kinds.get(contribution.kind)
    return event_record(
        organization_id=contribution.organization_id,
        kind=families.CONTRIBUTION_HIDDEN.identifier,
        key=f"contribution-hidden:{contribution.pk}:{contribution.hidden_at.timestamp():.0f}",
        audience=recipients.contributor(user_id=contribution.author.pk),
        payload={
            "title": kind.title(contribution.owner),
            "reason": contribution.hidden_reason,
            "path": contribution.get_absolute_url(),
        },
    )


def ballot_record(
    *,
    voter: User,
    step: Step,
    lines: Sequence[tuple[vote_rules.ProposalOption, int | None]],
    kind: str,
) -> Event | None:
    """The thank-you with the ballot's summary (what the submission read: no query for it).

    The key names the voter and the moment, never the ballot: a stored link between the two
    would undo the secret ballot. The summary itself is erased once e-mailed (`ephemeral`).
    A changed ballot is thanked again, with its new summary.
    """
    follow_auto(user=voter, process_id=step.process_id)
    return event_record(
        organization_id=step.organization_id,
        kind=families.BALLOT_THANKS.identifier,
        key=f"ballot-thanks:{step.pk}:{voter.pk}:{timezone.now().isoformat()}",
        audience=recipients.contributor(user_id=voter.pk),
        payload={
            "process": step.process.title,
            "lines": [
                {
                    "title": option.title,
                    "cost": vote_rules.format_money(option.cost),
                    "points": points,
                }
                for option, points in lines
            ],
            "kind": kind,
            "total": vote_rules.format_money(sum(option.cost for option, _points in lines)),
            "path": step.get_absolute_url(),
        },
    )


def _step_payload(step: Step) -> dict[str, Any]:
    return {"process": step.process.title, "step": step.title, "path": step.get_absolute_url()}


def results_record(*, results: Results, step: Step) -> Event | None:
    return event_record(
        organization_id=step.organization_id,
        kind=families.RESULTS_PUBLISHED.identifier,
        key=f"results:{step.pk}",
        audience=recipients.results_published(process_id=step.process_id),
        payload=_step_payload(step),
    )


def step_opened_record(*, step: Step) -> Event | None:
    return event_record(
        organization_id=step.organization_id,
        kind=families.STEP_OPENED.identifier,
        key=f"step-opened:{step.pk}",
        audience=recipients.step_opened(process_id=step.process_id),
        payload=_step_payload(step),
    )


def step_closing_record(*, step: Step) -> Event | None:
    return event_record(
        organization_id=step.organization_id,
        kind=families.STEP_CLOSING.identifier,
        key=f"step-closing:{step.pk}",
        audience=recipients.step_closing(process_id=step.process_id),
        payload={**_step_payload(step), "ends_at": step.ends_at.isoformat()},
    )


def vote_closing_record(*, step: Step) -> Event | None:
    return event_record(
        organization_id=step.organization_id,
        kind=families.VOTE_CLOSING.identifier,
        key=f"vote-closing:{step.pk}",
        audience=recipients.vote_closing(process_id=step.process_id, step_id=step.pk),
        payload={
            **_step_payload(step),
            # Written in each recipient's language and time zone when the e-mail is made.
            "ends_at": step.ends_at.isoformat(),
        },
    )


def realisation_status_record(
    *, realisation: Realisation, update: RealisationUpdate
) -> Event | None:
    """Only a change of status is news for residents; dates, budget and progress are on the
    realisation's page."""
    if not update.status_changed:
        return None
    return event_record(
        organization_id=realisation.organization_id,
        kind=families.REALISATION_STATUS.identifier,
        key=f"realisation-status:{update.pk}",
        audience=recipients.realisation_status(
            realisation_id=realisation.pk, changed_by_id=update.author_id
        ),
        payload={
            "title": realisation.title,
            "to_status": update.changes["status"][1],
            "path": realisation.get_absolute_url(),
        },
    )


def news_record(*, news: NewsPost) -> Event | None:
    realisation = Realisation.objects.select_related("proposal").get(pk=news.realisation_id)
    return event_record(
        organization_id=news.organization_id,
        kind=families.REALISATION_NEWS.identifier,
        key=f"realisation-news:{news.pk}",
        audience=recipients.realisation_news(
            realisation_id=realisation.pk,
            proposal_id=realisation.proposal_id,
            proposal_author_id=realisation.proposal.author_id,
        ),
        payload={
            "title": realisation.title,
            "news": news.title,
            "excerpt": truncatechars(" ".join(news.body.split()), EXCERPT_LENGTH),
            "path": realisation.get_absolute_url(),
        },
    )


def news_post_record(*, post: Post) -> Event | None:
    """A news post, once public: its process's followers, or (site-wide) those who opted in.

    Keyed by the post: published again after a withdrawal, edited, or seen by the clock
    after the publication itself, it is announced once."""
    process = post.process
    payload = {
        "title": post.title,
        "excerpt": truncatechars(" ".join(post.body.split()), EXCERPT_LENGTH),
        "path": post.get_absolute_url(),
    }
    if process is None:
        kind = families.SITE_NEWS.identifier
        audience = recipients.site_news(author_id=post.author_id)
    else:
        kind = families.PROCESS_NEWS.identifier
        audience = recipients.process_news(process_id=process.pk, author_id=post.author_id)
        payload["process"] = process.title
    return event_record(
        organization_id=post.organization_id,
        kind=kind,
        key=f"news-post:{post.pk}",
        audience=audience,
        payload=payload,
    )
