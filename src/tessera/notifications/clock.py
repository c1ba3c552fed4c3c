"""What happens with time: a step opens, a step (a vote) closes tomorrow, a digest is due.

`manage.py notifications_clock` runs a tick (cron), or ticks every N seconds (`--every`, as
`make run` does). A tick only records events under keys (`step-opened:<step>`,
`step-closing:<step>`, `vote-closing:<step>`, a digest per user and period), so running it
twice, or from two machines, sends nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from tessera.news.selectors import due_between
from tessera.notifications import deliveries, digests, events, tasks
from tessera.processes.models import Step

# A step that opened while the clock was stopped is still announced within this delay.
OPENED_LOOKBACK = timedelta(days=1)
# The reminder goes when the step closes within this delay ("the day before").
CLOSING_NOTICE = timedelta(days=1)
VOTE_KIND = "vote"


@dataclass(frozen=True)
class Tick:
    steps_opened: int
    steps_closing: int
    digest_tasks: int
    interrupted: int = 0
    news_announced: int = 0


def clock_tick(*, now: datetime | None = None) -> Tick:
    now = now or timezone.now()
    with scopes_disabled():
        running = Step.objects.filter(
            process__is_published=True, starts_at__lte=now, ends_at__gt=now
        ).select_related("process", "organization")
        opened = [
            events.step_opened_record(step=step)
            for step in running.filter(starts_at__gt=now - OPENED_LOOKBACK)
        ]
        closing = [
            events.vote_closing_record(step=step)
            if step.kind == VOTE_KIND
            else events.step_closing_record(step=step)
            for step in running.filter(ends_at__lte=now + CLOSING_NOTICE)
        ]
        # A scheduled news post is announced when its date comes (one already announced,
        # published at once, is known by its key and recorded nothing).
        news = [
            events.news_post_record(post=post)
            for post in due_between(now - OPENED_LOOKBACK, now).select_related("process")
        ]
        digest_tasks = 0
        for frequency, key in digests.due_periods(now).items():
            due = digests.digests_prepare(frequency=frequency, key=key, now=now)
            digest_tasks += tasks.deliveries_enqueue(due)
        interrupted = deliveries.interrupted_fail(now=now)
    return Tick(
        steps_opened=sum(event is not None for event in opened),
        steps_closing=sum(event is not None for event in closing),
        digest_tasks=digest_tasks,
        interrupted=interrupted,
        news_announced=sum(event is not None for event in news),
    )
