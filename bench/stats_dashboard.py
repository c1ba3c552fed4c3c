"""The back office's dashboards with 50,000 participants and 500,000 ballots.

Creates a throw-away database (SQLite by default, PostgreSQL with DATABASE_URL), fills one
organisation with 50,000 verified residents, 10 processes each with a collect step and a vote
step, 5,000 proposals, 50,000 supports and 500,000 ballots (a participation per resident and
vote step), runs the figures' refresh (what `manage.py stats_refresh` does every five
minutes) and prints its time, then requests each page R times through Django's test client as
a process manager and prints the SQL query count, p50 / p95 latency and CPU per request, and
the first request on an empty cache ("cold": the stored figures are read from their rows).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera_bench \\
        .venv/bin/python bench/stats_dashboard.py --people 50000 --requests 100
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
BATCH = 5000
PROCESSES = 10


def seed(people: int) -> tuple[object, object]:
    from django.utils import timezone

    from tessera.accounts.models import Role, User
    from tessera.contributions.models import Contribution, Reaction
    from tessera.organizations.models import Theme
    from tessera.organizations.services import organization_create
    from tessera.processes.models import Process, Step
    from tessera.proposals.models import Proposal
    from tessera.voting.models import Participation

    organization = organization_create(name="Bench", slug="bench", hosts=["testserver"])
    theme = Theme.objects.create(organization=organization, name="Cadre de vie", slug="cadre")
    now = timezone.now()
    User.objects.bulk_create(
        (
            User(
                organization=organization,
                email=f"p{i}@bench.test",
                display_name=f"P{i}",
                password="!",  # noqa: S106  an unusable password: nobody logs in
                email_verified=True,
                year_of_birth=1940 + i % 70,
            )
            for i in range(people)
        ),
        batch_size=BATCH,
    )
    manager = User.objects.create_user(
        "manager@bench.test",
        "bench",
        organization=organization,
        role=Role.MANAGER,
        display_name="Manager",
        email_verified=True,
    )
    ids = list(User.objects.filter(role=Role.RESIDENT).values_list("pk", flat=True))
    processes = Process.objects.bulk_create(
        Process(
            organization=organization,
            title=f"Budget {i}",
            slug=f"b-{i}",
            summary="…",
            is_published=True,
            starts_at=now - timedelta(days=40),
            ends_at=now + timedelta(days=5 + i),
        )
        for i in range(PROCESSES)
    )
    collects = Step.objects.bulk_create(
        Step(
            organization=organization,
            process=p,
            kind="collect",
            title="Dépôt",
            starts_at=now - timedelta(days=40),
            ends_at=now - timedelta(days=10),
        )
        for p in processes
    )
    votes = Step.objects.bulk_create(
        Step(
            organization=organization,
            process=p,
            kind="vote",
            title="Vote",
            starts_at=now - timedelta(days=9),
            ends_at=p.ends_at,
        )
        for p in processes
    )
    count = min(5000, people)
    contributions = Contribution.objects.bulk_create(
        (
            Contribution(
                organization=organization,
                step=collects[i % PROCESSES],
                kind="proposal",
                author_id=ids[i],
                created_at=now - timedelta(days=30),
            )
            for i in range(count)
        ),
        batch_size=BATCH,
    )
    Proposal.objects.bulk_create(
        (
            Proposal(
                organization=organization,
                contribution=contributions[i],
                step=collects[i % PROCESSES],
                author_id=ids[i],
                title=f"Projet {i}",
                theme=theme,
                description="…",
                status="eligible",
            )
            for i in range(count)
        ),
        batch_size=BATCH,
    )
    Reaction.objects.bulk_create(
        (
            Reaction(
                organization=organization,
                contribution=contributions[i % count],
                user_id=ids[i],
                value="positive",
            )
            for i in range(min(50_000, people))
        ),
        batch_size=BATCH,
    )
    for vote in votes:
        Participation.objects.bulk_create(
            (
                Participation(
                    organization=organization,
                    step=vote,
                    voter_id=pk,
                    voted_at=vote.starts_at + timedelta(seconds=n * 11 % (9 * 86400)),
                )
                for n, pk in enumerate(ids)
            ),
            batch_size=BATCH,
        )
    return manager, processes[0]


def measure(client: object, url: str, requests: int) -> tuple[int, float, float, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as captured:
        client.get(url)  # type: ignore[attr-defined]
    query_count = len(captured)
    wall, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)  # type: ignore[attr-defined]
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return (
        query_count,
        statistics.median(wall),
        statistics.quantiles(wall, n=20)[-1],
        statistics.mean(cpu),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django_scopes import scopes_disabled

    from tessera.stats.stored import figures_refresh

    connection.settings_dict["TEST"]["NAME"] = "tessera_bench_stats"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        with scopes_disabled():
            manager, process = seed(args.people)
        print(f"seeded in {time.perf_counter() - started:.0f} s, {connection.vendor}")
        for _round in range(2):  # the first one right after the bulk insert, then a usual one
            started = time.perf_counter()
            stored = figures_refresh(organization=process.organization)  # type: ignore[attr-defined]
            print(f"stats_refresh: {stored} figures in {time.perf_counter() - started:.1f} s")
        client = Client()
        client.force_login(manager)
        pages = {
            "dashboard /manage/": "/manage/",
            "participation /manage/stats/": "/manage/stats/",
            "one process's figures": f"/manage/stats/processes/{process.slug}/",
            "home / (participants figure)": "/",
        }
        print(
            f"{args.people} participants, {args.people * PROCESSES} ballots,"
            f" {args.requests} requests per page"
        )
        print(
            f"{'page':<32} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'cold ms':>8}"
        )
        for url in pages.values():  # the process's own first time: templates, catalogues
            client.get(url)
        for label, url in pages.items():
            cache.clear()
            started = time.perf_counter()
            client.get(url)
            cold = (time.perf_counter() - started) * 1000
            queries, p50, p95, cpu = measure(client, url, args.requests)
            print(f"{label:<32} {queries:>7} {p50:>8.1f} {p95:>8.1f} {cpu:>8.1f} {cold:>8.0f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
