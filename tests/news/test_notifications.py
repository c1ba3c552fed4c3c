"""Followers of a process hear of its news; site-wide news reaches those who opted in; a
scheduled post is announced by the clock when its date comes; each post once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tessera.accounts.models import User
from tessera.news import services
from tessera.notifications.clock import clock_tick
from tessera.notifications.models import Event, Notification, Preference
from tessera.notifications.services import follow_set
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tests.conftest import make_user, run_tasks
from tests.news.conftest import make_post

pytestmark = pytest.mark.django_db

Commit = Callable[..., object]


def told(post_title: str) -> set[int]:
    return set(
        Notification.objects.filter(event__payload__title=post_title).values_list(
            "user_id", flat=True
        )
    )


def test_followers_of_the_process_are_told_of_its_news_once(
    organization: Organization,
    budget: Process,
    resident: User,
    manager: User,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    mail.outbox = []
    stranger = make_user(organization)
    follow_set(user=resident, following=True, process=budget)
    follow_set(user=manager, following=True, process=budget)
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(organization, process=budget, title="Ateliers", author=manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_unpublish(post=post)
        services.post_publish(post=post)  # published again: not announced twice
    run_tasks()
    event = Event.objects.get()
    assert (event.kind, event.family, event.key) == (
        "process_news",
        "processes",
        f"news-post:{post.pk}",
    )
    assert event.payload["process"] == budget.title
    # The follower, not the stranger, nor the manager who wrote it.
    assert told("Ateliers") == {resident.pk}
    assert stranger.pk not in told("Ateliers")
    assert [message.to for message in mail.outbox] == [[resident.email]]
    assert "Ateliers" in mail.outbox[0].subject


def test_a_draft_is_not_announced(
    organization: Organization,
    budget: Process,
    resident: User,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    follow_set(user=resident, following=True, process=budget)
    with django_capture_on_commit_callbacks(execute=True):
        make_post(organization, process=budget, published=False)
    assert not Event.objects.exists()


def test_site_wide_news_reaches_only_those_who_opted_in(
    organization: Organization, resident: User, django_capture_on_commit_callbacks: Commit
) -> None:
    chose = make_user(organization)
    Preference.objects.create(
        organization=organization, user=chose, family="news", frequency="weekly"
    )
    refused = make_user(organization)
    Preference.objects.create(
        organization=organization, user=refused, family="news", frequency="never"
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_post(organization, title="Nouveau site")
    run_tasks()
    assert Event.objects.get().kind == "site_news"
    assert told("Nouveau site") == {chose.pk}


def test_the_preferences_page_leaves_site_news_off_until_chosen(resident: User) -> None:
    client = Client()
    client.force_login(resident)
    page = client.get("/notifications/preferences/").content.decode()
    news_field = page.split('name="news"', 1)[1].split("</select>", 1)[0]
    assert '<option value="never" selected>' in news_field


def test_a_scheduled_post_is_announced_by_the_clock_when_its_date_comes(
    organization: Organization,
    budget: Process,
    resident: User,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    follow_set(user=resident, following=True, process=budget)
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(organization, process=budget, title="Plus tard", days_ago=-1)
    assert not Event.objects.exists()
    assert clock_tick().news_announced == 0
    later = post.publish_at + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert clock_tick(now=later).news_announced == 1
        assert clock_tick(now=later + timedelta(minutes=1)).news_announced == 0
    run_tasks()
    assert told("Plus tard") == {resident.pk}
    assert timezone.now() < later
