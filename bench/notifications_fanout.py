"""Fan-out of one event to 50,000 followers: time and peak memory, then the daily digest.

Creates a throw-away PostgreSQL database, an organisation, a published process with a vote
step and --followers verified residents following the process (half want e-mails at once, half
in a daily digest). Then measures, each phase on its own:

1. recording the event, as the web request does (the signal receiver): one row and a task;
2. the fan-out task: notifications and immediate deliveries by INSERT … SELECT, and the send
   tasks enqueued in batches (fanout.SEND_BATCH ids per task);
3. the daily digest: one digest per daily reader, notifications attached, tasks enqueued;
4. one send task (SEND_BATCH e-mails rendered in French and English, text and HTML, through
   Django's dummy mail backend), to extrapolate the worker's time.

Time is wall-clock on this machine; peak memory is the Python heap's peak (tracemalloc) during
each phase, measured on a second run of that phase on a new event so tracing does not slow the
timed run. Every phase is then run again to check it inserts nothing (idempotence).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera \\
        .venv/bin/python bench/notifications_fanout.py --followers 50000
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
BENCH_DB = "tessera_bench_notifications"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=50_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (a throw-away database is created).")
    os.environ["DATABASE_URL"] = _fresh_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tessera.settings")
    os.environ["EMAIL_URL"] = "dummymail://"
    os.environ.setdefault("TESSERA_DEMO", "1")  # a throw-away database: the demo key will do
    os.environ.setdefault("TESSERA_VAR_DIR", str(ROOT / "var" / "bench-notifications"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True)  # noqa: S603
    import django

    django.setup()
    _run(args.followers)


def _fresh_database(url: str) -> str:
    import psycopg

    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
    return parsed._replace(path=f"/{BENCH_DB}").geturl()


def _measure(label: str, work: Callable[[], Any], traced: Callable[[], Any]) -> dict[str, Any]:
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    traced()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<58} {seconds:8.2f} s   peak {peak / 2**20:6.1f} MiB")
    return {"seconds": seconds, "peak_mib": peak / 2**20, "result": result}


def _run(followers: int) -> None:
    from django.db import connection
    from django.utils import timezone
    from django_scopes import scopes_disabled
    from django_tasks_db.models import DBTaskResult

    from tessera.notifications import digests, events, fanout, tasks
    from tessera.notifications.models import Delivery, Event, Notification
    from tessera.organizations.models import Host, Organization
    from tessera.processes.models import Process, Step

    with scopes_disabled():
        organization = Organization.objects.create(name="Ville du banc", slug="bench")
        Host.objects.create(organization=organization, name="bench.localhost", is_primary=True)
        process = Process.objects.create(
            organization=organization,
            title="Budget 2026",
            slug="budget",
            summary="…",
            is_published=True,
        )
        now = timezone.now()
        steps = [
            Step.objects.create(
                organization=organization,
                process=process,
                kind="presentation",
                title=f"Étape {number}",
                starts_at=now - timedelta(days=1),
                ends_at=now + timedelta(days=1),
            )
            for number in range(4)
        ]
        started = time.perf_counter()
        with connection.cursor() as cursor:
            # Half the people read at once, half in a daily digest; one in ten in English.
            cursor.execute(
                """
                INSERT INTO accounts_user (organization_id, email, display_name, postal_code,
                    email_frequency, newsletter, language, role, is_active, email_verified,
                    date_joined, password, is_superuser)
                SELECT %s, 'person' || n || '@example.org', 'Personne ' || n, '',
                    CASE WHEN n %% 2 = 0 THEN 'immediately' ELSE 'daily' END, false,
                    CASE WHEN n %% 10 = 0 THEN 'en' ELSE 'fr' END, 'resident', true, true,
                    now(), '!', false
                FROM generate_series(1, %s) AS n
                """,
                [organization.pk, followers],
            )
            cursor.execute(
                """
                INSERT INTO notifications_follow (organization_id, user_id, process_id,
                    following, created_at)
                SELECT %s, id, %s, true, now() FROM accounts_user WHERE organization_id = %s
                """,
                [organization.pk, process.pk, organization.pk],
            )
        print(f"{followers} followers created in {time.perf_counter() - started:.1f} s\n")

        def record(step: Step) -> Event:
            event = events.step_opened_record(step=step)
            assert event is not None
            return event

        record(steps[3])  # warms the connection, URL resolvers and templates up, as a live server
        request = _measure(
            "1. record the event (in the web request)",
            lambda: record(steps[0]),
            lambda: record(steps[1]),
        )
        event, spare = request["result"], Event.objects.get(key=f"step-opened:{steps[1].pk}")
        Event.objects.filter(key=f"step-opened:{steps[3].pk}").delete()
        enqueued_before = DBTaskResult.objects.count()

        def fan_out(target: Event) -> int:
            fanout.event_fan_out(target)
            return tasks.deliveries_enqueue(
                Delivery.objects.filter(key=fanout.immediate_key(target))
            )

        fan = _measure(
            f"2. fan-out to {followers} followers, send tasks enqueued",
            lambda: fan_out(event),
            lambda: fan_out(spare),
        )
        notified = Notification.objects.filter(event=event).count()
        immediate = Delivery.objects.filter(key=fanout.immediate_key(event)).count()
        print(
            f"   {notified} notifications, {immediate} immediate e-mails, "
            f"{fan['result']} send tasks ({fanout.SEND_BATCH} e-mails each)"
        )
        again = time.perf_counter()
        assert fanout.event_fan_out(event) == 0
        print(f"   run again: nothing inserted ({time.perf_counter() - again:.2f} s)")

        moment = timezone.now().replace(hour=9)
        key = f"daily-{timezone.localtime(moment).date().isoformat()}"

        def digest(period: str) -> int:
            due = digests.digests_prepare(frequency="daily", key=period, now=moment)
            return tasks.deliveries_enqueue(due)

        built = _measure(
            "3. daily digest built, send tasks enqueued",
            lambda: digest(key),
            lambda: digest(key + "-traced"),
        )
        digest_count = Delivery.objects.filter(key=key).count()
        attached = Notification.objects.filter(delivery__key=key).count()
        print(
            f"   {digest_count} digests ({attached} notifications attached), "
            f"{built['result']} send tasks"
        )
        print(f"   tasks in the queue: {DBTaskResult.objects.count() - enqueued_before}")

        batch = list(
            Delivery.objects.filter(key=fanout.immediate_key(event))
            .order_by("pk")
            .values_list("pk", flat=True)[: fanout.SEND_BATCH * 2]
        )
        sent = _measure(
            f"4. one send task ({fanout.SEND_BATCH} e-mails rendered and sent)",
            lambda: tasks.deliveries_send.call(batch[: fanout.SEND_BATCH]),
            lambda: tasks.deliveries_send.call(batch[fanout.SEND_BATCH :]),
        )
        per_mail = sent["seconds"] / fanout.SEND_BATCH
        print(
            f"   {per_mail * 1000:.1f} ms per e-mail: {immediate} immediate e-mails take "
            f"{immediate * per_mail / 60:.1f} min for one worker"
        )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nprocess peak resident memory over the whole run: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
