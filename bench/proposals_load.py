"""The public proposals pages under a bounded local load, at a real application server.

Runs gunicorn (2 workers × 4 threads, DEBUG off) on a database already filled by
`manage.py seed_bench` and `manage.py seed_comments` (the organisation "bench"), then, for each
page (the list, a median proposal, the popular proposal with 200 comments), sends --requests
requests from --clients concurrent clients (urllib, each with its own cookie jar, as the random
order of the list keeps a session) and prints latency p50 / p95 as the clients see it, the
throughput, and the gunicorn workers' CPU milliseconds per request (from /proc).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera_bench_load
    export TESSERA_VAR_DIR=/tmp/tessera_bench_var
    createdb -h 127.0.0.1 -U postgres tessera_bench_load && .venv/bin/python manage.py migrate
    .venv/bin/python manage.py seed_bench --comments 0 && .venv/bin/python manage.py seed_comments
    .venv/bin/python bench/proposals_load.py --requests 300 --clients 4
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tessera.settings")
TICKS = os.sysconf("SC_CLK_TCK")


def pages() -> tuple[str, dict[str, str]]:
    """The bench organisation's host and the pages to measure."""
    import django

    django.setup()
    from django_scopes import scopes_disabled

    from tessera.organizations.models import Host
    from tessera.proposals.models import Proposal

    with scopes_disabled():
        host = Host.objects.get(organization__slug="bench", is_primary=True).name
        ranked = list(
            Proposal.objects.filter(organization__slug="bench")
            .select_related("step__process")
            .order_by("-supports_count", "pk")
        )
    if not ranked:
        sys.exit("No bench organisation: run manage.py seed_bench and seed_comments first.")
    popular, median = ranked[0], ranked[len(ranked) // 2]
    return host, {
        "list (random, default)": popular.step.get_absolute_url(),
        f"median proposal ({median.comments_count} c.)": median.get_absolute_url(),
        f"popular proposal ({popular.comments_count} c.)": popular.get_absolute_url(),
    }


def workers_cpu_seconds(master: int) -> float:
    """User + system CPU of gunicorn's workers (the children of its master process)."""
    total = 0
    for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / TICKS


def fetch(opener: urllib.request.OpenerDirector, url: str, host: str) -> float:
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310  (http only)
    begin = time.perf_counter()
    with opener.open(request, timeout=30) as response:
        response.read()
        assert response.status == 200, (url, response.status)
    return (time.perf_counter() - begin) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="per page")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--bind", default="127.0.0.1:8765")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the seeded PostgreSQL database.")

    host, urls = pages()
    env = {**os.environ, "DEBUG": "0", "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0"}
    env.setdefault("TESSERA_DEMO", "1")  # a bench database: the demo's key will do
    env["LOG_LEVEL"] = "WARNING"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    gunicorn = [str(ROOT / ".venv/bin/gunicorn"), "tessera.wsgi", "--pythonpath", "src"]
    server = subprocess.Popen(  # noqa: S603
        [*gunicorn, "-w", "2", "--threads", "4", "-b", args.bind, "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://{args.bind}"
    try:
        for _ in range(100):
            try:
                fetch(urllib.request.build_opener(), base + "/", host)
                break
            except OSError:
                time.sleep(0.2)
        openers = [
            urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
            )
            for _ in range(args.clients)
        ]
        print(
            f"gunicorn 2 workers × 4 threads, {args.clients} clients, {args.requests} requests "
            f"per page, host {host}"
        )
        print(f"{'page':<26} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'CPU ms':>8}")
        # Each client sends its share of the requests one after the other, with its own cookies.
        shares = [len(range(n, args.requests, args.clients)) for n in range(args.clients)]
        with ThreadPoolExecutor(args.clients) as pool:
            for label, path in urls.items():
                for opener in openers:  # warm-up: sessions, caches, connections
                    for _ in range(3):
                        fetch(opener, base + path, host)
                cpu_before, begin = workers_cpu_seconds(server.pid), time.perf_counter()
                url = base + path
                wall = [
                    ms
                    for times in pool.map(
                        lambda n, url=url: [fetch(openers[n], url, host) for _ in range(shares[n])],
                        range(args.clients),
                    )
                    for ms in times
                ]
                elapsed = time.perf_counter() - begin
                cpu = (workers_cpu_seconds(server.pid) - cpu_before) * 1000 / args.requests
                p95 = statistics.quantiles(wall, n=20)[-1]
                print(
                    f"{label:<26} {statistics.median(wall):>8.1f} {p95:>8.1f}"
                    f" {args.requests / elapsed:>7.1f} {cpu:>8.1f}"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
