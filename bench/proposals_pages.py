"""The public proposals pages (list of a collect step, proposal page) with many proposals.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), fills it
with `manage.py seed_bench` (5,000 proposals, 100,000 supports by default) and
`manage.py seed_comments` (50,000 comments, 20 % replies, the most supported proposal with
200 of them, the others skewed below that), then requests
each page R times through Django's test client (no network: the app server's own cost) and
prints, per page, the SQL query count, latency p50 / p95 and CPU milliseconds per request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera \\
        .venv/bin/python bench/proposals_pages.py --proposals 5000 --requests 200 --before main

`--before REF` first runs the same script of another commit (exported with `git archive` to a
temporary folder, its own throw-away database) so both tables come from one run, on the same
machine load. Then a support click is measured side by side: without JavaScript (the POST,
then the proposal page it redirects to) and with it (one POST answered by the section alone).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
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
    parser.add_argument("--before", help="a git commit to measure first, in the same run")
    args = parser.parse_args()
    if args.before:
        run_before(args)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from tessera.proposals.models import Proposal

    # The counters moved onto the contribution; the script also runs on older commits.
    moved = hasattr(Proposal, "contribution")
    global SUPPORTS, COMMENTS
    SUPPORTS = "contribution__positive_count" if moved else "supports_count"
    COMMENTS = "contribution__comments_count" if moved else "comments_count"

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
                Proposal.objects.order_by(f"-{SUPPORTS}", "pk").values_list(
                    "pk", "step_id", "step__process__slug", COMMENTS
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
        if hasattr(Proposal, "contribution"):
            measure_clicks(base, median[0], args.requests)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


SUPPORTS = COMMENTS = ""


def run_before(args: argparse.Namespace) -> None:
    """The same bench on another commit, printed first (its own throw-away database)."""
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(  # noqa: S603  (our own repository, a ref we were given)
            ["git", "-C", str(ROOT), "archive", args.before],  # noqa: S607
            check=True,
            capture_output=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        options = [f"--{name}={getattr(args, name)}" for name in ("users", "proposals")]
        options += [f"--{name}={getattr(args, name)}" for name in ("supports", "comments")]
        print(f"== before ({args.before})", flush=True)
        subprocess.run(  # noqa: S603  (the exported copy of our own script)
            [
                sys.executable,
                str(Path(folder) / "bench" / "proposals_pages.py"),
                *options,
                f"--requests={args.requests}",
            ],
            check=True,
            cwd=folder,
        )
    print("== after (this tree)", flush=True)


def measure_clicks(base: str, proposal_id: int, requests: int) -> None:
    """A support and its withdrawal, as a logged-in resident clicks them, both ways."""
    from django.test import Client
    from django_scopes import scopes_disabled

    from tessera.accounts.models import User

    with scopes_disabled():
        user = User.objects.filter(organization__slug="bench").order_by("-pk").first()
    client = Client()
    client.force_login(user)
    page = f"{base}/proposals/{proposal_id}/"
    action = f"{page}support/"
    print(f"{'support click':<26} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8}")
    for label, fetch in (("without JS: POST + page", False), ("with JS: POST fragment", True)):
        headers = {"X-Requested-With": "fetch"} if fetch else {}
        wall, cpu = [], []
        for number in range(requests):
            data = {"action": "remove"} if number % 2 else {}
            begin, begin_cpu = time.perf_counter(), time.process_time()
            response = client.post(action, data, headers=headers)
            if not fetch:
                assert response.status_code == 302, response.status_code
                response = client.get(page)
            wall.append((time.perf_counter() - begin) * 1000)
            cpu.append((time.process_time() - begin_cpu) * 1000)
            assert response.status_code == 200, response.status_code
        p95 = statistics.quantiles(wall, n=20)[-1]
        print(
            f"{label:<26} {statistics.median(wall):>8.1f} {p95:>8.1f} {statistics.mean(cpu):>8.1f}"
        )


if __name__ == "__main__":
    main()
