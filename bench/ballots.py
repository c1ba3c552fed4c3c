"""Ballot throughput: casting ballots through the production server, next to PostgreSQL's own
rate for the same inserts, measured in the same run on the same machine.

Creates a throw-away PostgreSQL database, a budget vote step with 60 eligible proposals and
--voters verified residents, each logged in (a session row) with a basket (a draft) of three
proposals. Starts gunicorn on 127.0.0.1 (production settings, DEBUG off), then --concurrency
clients POST "submit my ballot" (a real request: session, CSRF, permission, the pure rules,
one transaction that locks the voter, writes the ballot and its choices and drops the draft),
each voter once. Prints ballots/s, p50/p99 latency and errors, checks that every acknowledged
ballot is in the database, then runs a psycopg loop inserting the same rows (participation +
ballot + 3 choices, one transaction each) with the same concurrency, and reports the ratio.
Without REDIS_URL it starts a throw-away redis-server on 127.0.0.1 when one is installed (the
production cache). `--profile N` instead submits N ballots in-process, one at a time, and
prints the SQL queries and CPU time of one submission and a cProfile summary.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera \\
        .venv/bin/python bench/ballots.py --voters 4000 --concurrency 16 [--write-docs]
"""

from __future__ import annotations

import argparse
import http.client
import os
import queue
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
BENCH_DB = "tessera_bench_ballots"
HOST = "ballots.localhost"
PROPOSALS = 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=16)
    # Django's submission is CPU-bound and PostgreSQL and the load generator share the cores:
    # one sync worker per core plus one to cover the waits on the database.
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1)
    # Threads let a worker take another request while one waits on PostgreSQL's commit.
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="only submit N ballots in-process, one at a time: SQL queries and CPU per submission",
    )
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        sys.exit(
            "DATABASE_URL must point to PostgreSQL (e.g. postgres://postgres@127.0.0.1:5432/tessera)"
        )
    database_url = _fresh_database(base_url)
    redis = None
    if not os.environ.get("REDIS_URL") and shutil.which("redis-server"):
        # Production shares its cache (the step's snapshot, the rate limits) through Redis.
        redis_port = _free_port()
        redis = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],  # noqa: S607
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.environ["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        _wait_for(redis_port)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "tessera.settings",
        "DEBUG": "false",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "EMAIL_URL": "dummymail://",  # the thank-you e-mail is built, not sent
        "PYTHONPATH": str(ROOT / "src"),
    }
    os.environ.update(env)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True)  # noqa: S603
    try:
        _run(args, env, database_url)
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=30)


def _run(args: argparse.Namespace, env: dict[str, str], database_url: str) -> None:
    fixture = _populate(args.voters)
    if args.profile:
        _profile(fixture, args.profile)
        return
    port = args.port or _free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "tessera.wsgi:application",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        _wait_for(port)
        app = _load(port, fixture, args.concurrency)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    stored = _stored(fixture["step_id"])
    raw = _raw_inserts(database_url, fixture, args.concurrency)
    ratio = app["rate"] / raw["rate"] if raw["rate"] else 0.0
    lines = [
        f"voters {args.voters}, concurrency {args.concurrency}, gunicorn workers "
        f"{args.workers} x {args.threads} threads, {os.cpu_count()} CPUs",
        f"app:  {app['rate']:.0f} ballots/s, p50 {app['p50']:.1f} ms, p99 {app['p99']:.1f} ms, "
        f"errors {app['errors']}, acknowledged {app['ok']}, in the database {stored}",
        f"raw PostgreSQL (psycopg, same rows, same concurrency): {raw['rate']:.0f} ballots/s, "
        f"p50 {raw['p50']:.1f} ms, p99 {raw['p99']:.1f} ms",
        f"ratio app / raw: {ratio:.2f}",
    ]
    print("\n".join(lines))
    if stored != app["ok"]:
        sys.exit("an acknowledged ballot is missing from the database")
    if args.write_docs:
        _write_docs(args, app, raw, ratio, stored)


def _fresh_database(url: str) -> str:
    import psycopg

    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")
    return parsed._replace(path=f"/{BENCH_DB}").geturl()


def _populate(voters: int) -> dict[str, object]:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from tessera.accounts.models import User
    from tessera.organizations.models import Host, Organization, Theme
    from tessera.processes.models import Process, Step
    from tessera.proposals.models import Proposal
    from tessera.voting.models import BallotDraft, VoteSettings

    rng = random.Random(7)
    now = timezone.now()
    with scopes_disabled():
        organization = Organization.objects.create(slug="ballots", name="Banc des bulletins")
        Host.objects.create(organization=organization, name=HOST, is_primary=True)
        theme = Theme.objects.create(organization=organization, name="Thème", slug="theme")
        process = Process.objects.create(
            organization=organization,
            slug="budget",
            title="Budget",
            summary="Banc d’essai",
            is_published=True,
        )
        collect = Step.objects.create(
            organization=organization,
            process=process,
            kind="collect",
            title="Dépôt",
            starts_at=now - timedelta(days=30),
            ends_at=now - timedelta(days=10),
        )
        vote = Step.objects.create(
            organization=organization,
            process=process,
            kind="vote",
            title="Vote",
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=10),
        )
        raw_step = Step.objects.create(
            organization=organization,
            process=process,
            kind="vote",
            title="Vote brut",
            starts_at=now + timedelta(days=10),
            ends_at=now + timedelta(days=11),
        )
        VoteSettings.objects.create(
            organization=organization, step=vote, kind="budget", budget=1_000_000
        )
        proposals = Proposal.objects.bulk_create(
            Proposal(
                organization=organization,
                step=collect,
                title=f"Projet {n}",
                description="-",
                theme=theme,
                estimated_cost=rng.randrange(10_000, 200_000, 1000),
                status="eligible",
            )
            for n in range(PROPOSALS)
        )
        users = User.objects.bulk_create(
            User(
                organization=organization,
                email=f"v{n}@bench.invalid",
                display_name=f"V{n}",
                password="!",  # noqa: S106  (unusable: bench voters never log in)
                email_verified=True,
                terms_accepted_at=now,
            )
            for n in range(voters)
        )
        picks = [[p.pk for p in rng.sample(proposals, 3)] for _ in users]
        BallotDraft.objects.bulk_create(
            BallotDraft(
                organization=organization,
                step=vote,
                voter=user,
                choices=[{"proposal": pk} for pk in chosen],
            )
            for user, chosen in zip(users, picks, strict=True)
        )
        backend = settings.AUTHENTICATION_BACKENDS[-1]
        sessions, keys = [], []
        for user in users:
            store = SessionStore()
            key = store._get_new_session_key()
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: backend,
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
            sessions.append(
                Session(
                    session_key=key,
                    session_data=store.encode(data),
                    expire_date=now + timedelta(days=1),
                )
            )
            keys.append(key)
        Session.objects.bulk_create(sessions, batch_size=2000)
    return {
        "step_id": vote.pk,
        "raw_step_id": raw_step.pk,
        "organization_id": organization.pk,
        "sessions": keys,
        "users": [u.pk for u in users],
        "picks": picks,
        "path": f"/processes/budget/steps/{vote.pk}/vote/submit/",
    }


def _profile(fixture: dict[str, object], count: int) -> None:
    """Submit `count` ballots one after the other through Django's test client (the whole
    middleware stack, CSRF checked): SQL queries and CPU time per submission, then where the
    CPU goes (cProfile, cumulative)."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client

    token = secrets.token_hex(16)
    path = str(fixture["path"])
    sessions = list(fixture["sessions"])[:count]  # type: ignore[call-overload]

    def submit(key: str) -> None:
        client = Client(enforce_csrf_checks=True, HTTP_HOST=HOST)
        client.cookies["sessionid"] = key
        client.cookies["csrftoken"] = token
        response = client.post(path, {"csrfmiddlewaretoken": token})
        if response.status_code != 302 or not response["Location"].endswith("/thanks/"):
            sys.exit(f"the submission was not accepted: {response}")

    submit(sessions[0])  # warm-up: imports, the step's cache, the connection
    queries: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    # A wrapper rather than CaptureQueriesContext: the request's signals may replace the
    # connection's cursor settings, and DEBUG is off as in production.
    with connection.execute_wrapper(record):
        submit(sessions[1])
    timed, profiled = sessions[2 : 2 + count // 2], sessions[2 + count // 2 :]
    cpu, wall = time.process_time(), time.perf_counter()
    for key in timed:
        submit(key)
    done = max(len(timed), 1)
    cpu_ms = (time.process_time() - cpu) * 1000 / done
    wall_ms = (time.perf_counter() - wall) * 1000 / done
    print(f"{len(queries)} SQL queries per submission:")
    for sql in queries:
        print("   ", sql[:150])
    print(f"{cpu_ms:.1f} ms CPU, {wall_ms:.1f} ms wall per submission (mean of {done})")
    profiler = cProfile.Profile()
    profiler.enable()
    for key in profiled:
        submit(key)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def _percentiles(latencies: list[float]) -> tuple[float, float]:
    ordered = sorted(latencies)
    if not ordered:
        return 0.0, 0.0
    return statistics.median(ordered) * 1000, ordered[
        min(len(ordered) - 1, int(len(ordered) * 0.99))
    ] * 1000


def _load(port: int, fixture: dict[str, object], concurrency: int) -> dict[str, float]:
    jobs: queue.Queue[str] = queue.Queue()
    for key in fixture["sessions"]:  # type: ignore[attr-defined]
        jobs.put(key)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    path = str(fixture["path"])

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        token = secrets.token_hex(16)  # a CSRF secret of 32 characters, sent as cookie and field
        body = f"csrfmiddlewaretoken={token}"
        while True:
            try:
                key = jobs.get_nowait()
            except queue.Empty:
                break
            headers = {
                "Host": HOST,
                "Cookie": f"sessionid={key}; csrftoken={token}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            started = time.perf_counter()
            try:
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 302 and response.getheader("Location", "").endswith(
                    "/thanks/"
                )
                status = f"{response.status} {response.getheader('Location')}"
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                ok, status = False, repr(error)
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors.append(status)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - started
    p50, p99 = _percentiles(latencies)
    if errors:
        print("first errors:", errors[:5])
    return {
        "rate": len(latencies) / duration,
        "p50": p50,
        "p99": p99,
        "errors": len(errors),
        "ok": len(latencies),
    }


def _stored(step_id: int) -> int:
    """Ballots stored for the step; exits if the participations do not match them."""
    from django.db import connection

    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM voting_ballot WHERE step_id = %s", [step_id])
        ballots = int(cursor.fetchone()[0])
        cursor.execute("SELECT COUNT(*) FROM voting_participation WHERE step_id = %s", [step_id])
        if int(cursor.fetchone()[0]) != ballots:
            sys.exit("participations and ballots differ")
    return ballots


def _raw_inserts(url: str, fixture: dict[str, object], concurrency: int) -> dict[str, float]:
    """The same rows as a submission writes (the participation, the ballot with its keyed
    reference, its three choices; random ids), one transaction each, from psycopg."""
    import psycopg

    from tessera.voting.models import random_id
    from tessera.voting.secrecy import ballot_reference

    jobs: queue.Queue[tuple[int, list[int]]] = queue.Queue()
    for user_id, picks in zip(fixture["users"], fixture["picks"], strict=True):  # type: ignore[call-overload]
        jobs.put((user_id, picks))
    latencies: list[float] = []
    lock = threading.Lock()
    organization_id, step_id = fixture["organization_id"], fixture["raw_step_id"]

    def worker() -> None:
        with psycopg.connect(url) as connection:
            while True:
                try:
                    user_id, picks = jobs.get_nowait()
                except queue.Empty:
                    break
                started = time.perf_counter()
                with connection.transaction(), connection.cursor() as cursor:
                    cursor.execute(
                        "INSERT INTO voting_participation (organization_id, step_id, voter_id,"
                        " channel, voted_at) VALUES (%s, %s, %s, 'online', now()) RETURNING id",
                        [organization_id, step_id, user_id],
                    )
                    participation_id = cursor.fetchone()[0]  # type: ignore[index]
                    ballot_id = random_id()
                    cursor.execute(
                        "INSERT INTO voting_ballot (id, organization_id, step_id, channel,"
                        " reference) VALUES (%s, %s, %s, 'online', %s)",
                        [ballot_id, organization_id, step_id, ballot_reference(participation_id)],
                    )
                    cursor.executemany(
                        "INSERT INTO voting_ballotchoice (id, organization_id, ballot_id,"
                        " proposal_id) VALUES (%s, %s, %s, %s)",
                        [(random_id(), organization_id, ballot_id, pk) for pk in picks],
                    )
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - started
    p50, p99 = _percentiles(latencies)
    return {"rate": len(latencies) / duration, "p50": p50, "p99": p99}


def _row(figures: dict[str, float]) -> str:
    return f"{figures['rate']:.0f} | {figures['p50']:.1f} ms | {figures['p99']:.1f} ms"


def _write_docs(
    args: argparse.Namespace,
    app: dict[str, float],
    raw: dict[str, float],
    ratio: float,
    stored: int,
) -> None:
    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8")
    section = f"""## Ballots

Measured by `bench/ballots.py` on this machine ({os.cpu_count()} CPUs), PostgreSQL and gunicorn
on 127.0.0.1 ({args.workers} workers × {args.threads} threads, production settings),
{args.voters} voters each
submitting their ballot once (a budget ballot of 3 proposals out of 60) with {args.concurrency}
concurrent clients; then a psycopg loop inserting the same rows (the ballot and its 3 choices,
one transaction each) with the same concurrency, in the same run.

| | ballots/s | p50 | p99 | errors |
|---|---|---|---|---|
| `POST …/vote/submit/` through gunicorn | {_row(app)} | {app["errors"]:.0f} |
| raw inserts (psycopg) | {_row(raw)} | 0 |

Ratio app / raw PostgreSQL: **{ratio:.2f}** (target: at least 0.5). Every acknowledged ballot
is in the database ({stored} of {app["ok"]:.0f}). The load generator shares the two CPUs with
gunicorn and PostgreSQL.
"""
    if "## Ballots" in text:
        start = text.index("## Ballots")
        following = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[following + 1 :] if following != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
