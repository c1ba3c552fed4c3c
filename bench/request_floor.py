"""The request floor: what a logged-in GET of a page that shows only the layout costs the
application (middleware, session, user, organisation, context processors, base template).

Creates a throw-away PostgreSQL database with production settings (DEBUG off, a throw-away
Redis as the cache and the session cache when redis-server is installed), one organisation, a
verified resident logged in (a session) and a content page of one sentence, then:

- in-process: R requests through Django's test client, CPU milliseconds per request (mean and
  median of --rounds rounds) and the SQL queries of one request; `--profile` adds a cProfile
  summary;
- `--callgrind`: the same requests in two child processes under valgrind's callgrind (N0 and
  N0 + R requests after the same warm-up); the difference divided by R is the instructions per
  request, a count that does not move with the load of a shared machine;
- `--gunicorn`: gunicorn (4 sync workers, production settings) serving the page to 2 clients
  for R requests; the workers' CPU per request from /proc.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera \\
        .venv/bin/python bench/request_floor.py --requests 500 --callgrind --gunicorn
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# `--before REF` runs this script again on REF's code, exported to a folder named here.
SRC = Path(os.environ.get("TESSERA_SRC", ROOT / "src"))
sys.path[:0] = [str(SRC), str(ROOT)]
HOST = "floor.localhost"
PAGE = "/pages/a-propos/"
PAGES_HOST = "pages.localhost"

from bench.ballots import (  # noqa: E402  (after the path is set)
    _cpu_split,
    _descendants,
    _free_port,
    _fresh_database,
    _gunicorn_start,
    _production_env,
    _redis_start,
    _wait_for,
)

# bench.ballots puts this tree's src/ first: the code measured is SRC's.
sys.path.insert(0, str(SRC))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-file", help="also write the cProfile statistics there")
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--gunicorn", action="store_true")
    parser.add_argument(
        "--pages", action="store_true", help="with --gunicorn: the proposal list and a proposal"
    )
    parser.add_argument("--path", default=PAGE, help="the page to request (default: %(default)s)")
    parser.add_argument("--before", help="a git commit to measure first, in the same run")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # a callgrind child: its fixture
    args = parser.parse_args()
    if args.child:
        _child(json.loads(args.child), args.requests, args.path)
        return
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        sys.exit("DATABASE_URL must point to PostgreSQL")
    if args.before:
        _run_before(args.before)
        print(f"== after (this tree, {SRC})", flush=True)
    redis = _redis_start()
    env = _production_env(_fresh_database(base_url, "tessera_bench_floor"), SRC)
    os.environ.update(env)
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "-m", "django", *command], env=env, check=True)  # noqa: S603
    try:
        fixture = _populate()
        print(f"page {args.path}, logged-in resident, production settings, {os.cpu_count()} CPUs")
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        _in_process(fixture, args)
        if args.callgrind:
            _callgrind(fixture, args)
        if args.gunicorn:
            pages = [("floor: " + args.path, HOST, args.path, fixture["session"])]
            pages += _resident_pages(env) if args.pages else []
            _gunicorn(pages, args.requests, env)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=30)


def _run_before(ref: str) -> None:
    """The same measures on another commit's code (its src/ exported with `git archive`)."""
    import io
    import tarfile

    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(  # noqa: S603  (our own repository, a ref we were given)
            ["git", "-C", str(ROOT), "archive", ref, "src"],  # noqa: S607
            check=True,
            capture_output=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        print(f"== before ({ref})", flush=True)
        options = [argument for argument in sys.argv[1:] if not argument.startswith("--before")]
        if ref in options:
            options.remove(ref)
        subprocess.run(  # noqa: S603  (this script, on the exported code)
            [sys.executable, __file__, *options],
            env={**os.environ, "TESSERA_SRC": str(Path(folder) / "src")},
            check=True,
        )


def _populate() -> dict[str, str]:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from tessera.accounts.models import User
    from tessera.branding.models import ContentPage
    from tessera.organizations.models import Host, Organization

    with scopes_disabled():
        organization = Organization.objects.create(slug="floor", name="Plancher")
        Host.objects.create(organization=organization, name=HOST, is_primary=True)
        ContentPage.objects.create(
            organization=organization,
            title="À propos",
            slug="a-propos",
            kind="about",
            body="Une phrase.",
            body_html="<p>Une phrase.</p>",
        )
        user = User.objects.create(
            organization=organization,
            email="resident@floor.invalid",
            display_name="Résidente",
            password="!",  # noqa: S106  (never logs in: the session is written here)
            email_verified=True,
            terms_accepted_at=timezone.now(),
        )
        store = SessionStore()
        store.update(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[-1],
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )
        store.create()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"session": str(store.session_key)}


def _client(fixture: dict[str, str]):  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    client.cookies["sessionid"] = fixture["session"]
    return client


def _get(client, path: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(path)
    if response.status_code != 200 or b"Mon compte" not in response.content:
        sys.exit(f"not the logged-in page: {response.status_code}")


def _in_process(fixture: dict[str, str], args: argparse.Namespace) -> None:
    from django.db import connection

    client = _client(fixture)
    for _ in range(20):
        _get(client, args.path)
    queries: list[str] = []

    def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        _get(client, args.path)
    rounds = []
    for _round in range(args.rounds):
        started = time.process_time()
        for _ in range(args.requests):
            _get(client, args.path)
        rounds.append((time.process_time() - started) * 1000 / args.requests)
    print(
        f"in-process (test client): {len(queries)} SQL queries; CPU ms per request: median "
        f"{statistics.median(rounds):.2f}, best {min(rounds):.2f} of {args.rounds} rounds "
        f"of {args.requests}"
    )
    for sql in queries:
        print("   ", sql[:140])
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(args.requests):
            _get(client, args.path)
        profiler.disable()
        if args.profile_file:
            profiler.dump_stats(args.profile_file)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(50)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


WARM_UP = 30


def _child(fixture: dict[str, str], requests: int, path: str) -> None:
    import django

    django.setup()
    client = _client(fixture)
    for _ in range(WARM_UP + requests):
        _get(client, path)


def _callgrind(fixture: dict[str, str], args: argparse.Namespace) -> None:
    """Instructions per request: two runs under callgrind that differ only by R requests."""
    counts = []
    for requests in (0, args.requests):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "callgrind.out"
            subprocess.run(  # noqa: S603
                [  # noqa: S607
                    "valgrind",
                    "--tool=callgrind",
                    f"--callgrind-out-file={out}",
                    sys.executable,
                    __file__,
                    "--child",
                    json.dumps(fixture),
                    "--requests",
                    str(requests),
                    "--path",
                    args.path,
                ],
                env=os.environ,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            totals = re.search(r"^totals: (\d+)", out.read_text(errors="replace"), re.M)
            assert totals is not None, "no totals in the callgrind output"
            counts.append(int(totals.group(1)))
    per_request = (counts[1] - counts[0]) / args.requests
    print(
        f"callgrind: {per_request / 1e6:.2f} million instructions per request "
        f"({args.requests} requests after {WARM_UP} of warm-up)"
    )


def _gunicorn(pages: list[tuple[str, str, str, str]], requests: int, env: dict[str, str]) -> None:
    """Each page (label, host, path, session key) `requests` times from 2 clients at
    gunicorn's 4 sync workers: latency and the workers' CPU per request, from /proc."""
    import http.client
    import threading

    port = _free_port()
    server = _gunicorn_start(env, port, 4)

    def client(host: str, path: str, session: str, count: int, out: list[float]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Host": host, "Cookie": f"sessionid={session}"}
        for _ in range(count):
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                sys.exit(f"{path} answered {response.status}")
            out.append((time.perf_counter() - started) * 1000)

    print("gunicorn 4 sync workers, 2 clients (production settings, Redis):")
    try:
        _wait_for(port)
        workers = _descendants(server.pid) | {server.pid}
        for label, host, path, session in pages:
            for _ in range(10):
                client(host, path, session, 8, [])  # every worker warm for this page
            latencies: list[float] = []
            before = _cpu_split(workers)
            threads = [
                threading.Thread(
                    target=client, args=(host, path, session, requests // 2, latencies)
                )
                for _ in range(2)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            after = _cpu_split(workers)
            done = len(latencies)
            server_ms = (after["server"] - before["server"]) * 1000 / done
            postgres_ms = (after["postgres"] - before["postgres"]) * 1000 / done
            print(
                f"  {label:<40} {done} requests, p50 {statistics.median(latencies):.1f} ms; "
                f"worker CPU ms per request {server_ms:.2f}, PostgreSQL {postgres_ms:.2f}"
            )
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def _resident_pages(env: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """The pages residents open most, on the issue's data: 200 proposals, 6,000 supports,
    3,000 comments (manage.py seed_bench), seen by a logged-in resident."""
    command = ["seed_bench", "--users", "1000", "--proposals", "200", "--supports", "6000"]
    command += ["--comments", "3000", "--host", PAGES_HOST, "-v0"]
    subprocess.run([sys.executable, "-m", "django", *command], env=env, check=True)  # noqa: S603
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_scopes import scopes_disabled

    from tessera.accounts.models import User
    from tessera.proposals.models import Proposal

    with scopes_disabled():
        user = User.objects.filter(organization__slug="bench").order_by("pk").first()
        assert user is not None
        user.email_verified = True
        user.save(update_fields=["email_verified"])
        popular = (
            Proposal.objects.filter(organization__slug="bench")
            .select_related("step__process")
            .order_by("-contribution__comments_count", "pk")
            .first()
        )
        assert popular is not None
        store = SessionStore()
        store.update(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "tessera.accounts.backends.OrganizationAuthenticationBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )
        store.create()
    session = str(store.session_key)
    return [
        ("proposal list (24 cards)", PAGES_HOST, popular.step.get_absolute_url(), session),
        (
            "popular proposal (1st page of comments)",
            PAGES_HOST,
            popular.get_absolute_url(),
            session,
        ),
    ]


if __name__ == "__main__":
    main()
