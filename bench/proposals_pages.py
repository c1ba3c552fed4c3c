"""The public proposals pages (list of a collect step, proposal page) with many proposals.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), fills it
with `manage.py seed_bench` (5,000 proposals, 100,000 supports by default) and
`manage.py seed_comments` (50,000 comments, 20 % replies, the most supported proposal with
200 of them, the others skewed below that), then requests
each page R times through Django's test client (no network: the app server's own cost) and
prints, per page, the SQL query count, latency p50 / p95 and CPU milliseconds per request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera \\
        .venv/bin/python bench/proposals_pages.py --proposals 5000 --requests 200
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--proposals", type=int, default=5000)
    parser.add_argument("--supports", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from tessera.proposals.models import Proposal

    # No setup_test_environment(): its instrumented template rendering would be measured too.
    connection.settings_dict["TEST"]["NAME"] = "tessera_bench_proposals"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        call_command(
            "seed_bench",
            users=args.users,
            proposals=args.proposals,
            supports=args.supports,
            comments=0,
            host="testserver",
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
        if args.comments:
            call_command(
                "seed_comments",
                comments=args.comments,
                organization="bench",
                stdout=open(os.devnull, "w"),  # noqa: SIM115
            )
        seeded = time.perf_counter() - started
        with scopes_disabled():
            ranked = list(
                Proposal.objects.order_by("-supports_count", "pk").values_list(
                    "pk", "step_id", "step__process__slug", "comments_count"
                )
            )
        popular, median = ranked[0], ranked[len(ranked) // 2]
        base = f"/processes/{popular[2]}/steps/{popular[1]}"
        pages = {
            "list (random, default)": f"{base}/",
            "list ?sort=supports": f"{base}/?sort=supports",
            "list page 50": f"{base}/?sort=recent&page=50",
            "list search + filter": f"{base}/?q=jardin+fontaine&theme=theme-1",
            f"median proposal ({median[3]} c.)": f"{base}/proposals/{median[0]}/",
            f"popular proposal ({popular[3]} c.)": f"{base}/proposals/{popular[0]}/",
            "popular, comments page 5": f"{base}/proposals/{popular[0]}/?comments=5",
        }
        client = Client()
        print(
            f"{args.proposals} proposals, {args.supports} supports, {args.comments} comments, "
            f"{args.users} users "
            f"(seeded in {seeded:.1f} s); {args.requests} requests per page, {connection.vendor}"
        )
        print(f"{'page':<26} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8}")
        for label, url in pages.items():
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            query_count = len(captured)
            wall, cpu = [], []
            for _ in range(args.requests):
                begin, begin_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                wall.append((time.perf_counter() - begin) * 1000)
                cpu.append((time.process_time() - begin_cpu) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            p95 = statistics.quantiles(wall, n=20)[-1]
            print(
                f"{label:<26} {query_count:>7} {statistics.median(wall):>8.1f} {p95:>8.1f}"
                f" {statistics.mean(cpu):>8.1f}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
