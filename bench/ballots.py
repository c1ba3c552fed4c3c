"""Ballot throughput: casting ballots through the production server, next to PostgreSQL's own
rate for the same inserts, measured in the same run on the same machine.

Creates a throw-away PostgreSQL database, a budget vote step with 60 eligible proposals and
--voters verified residents, each logged in (a session row) with a basket (a draft) of three
proposals. Starts gunicorn on 127.0.0.1 (production settings, DEBUG off), then --concurrency
clients POST "submit my ballot" (a real request: session, CSRF, permission, the pure rules,
one transaction that writes the participation and the sealed pending ballot and drops the
draft, then the thank-you event; every VOTE_MIX_BATCH-th submission also mixes a batch into
the counted ballots in a transaction of its own), each voter once. Prints ballots/s, p50/p99
latency and errors, checks that every acknowledged ballot is in the database (counted or
pending), then runs a psycopg loop inserting the rows the counted store ends with
(participation + ballot + 3 choices, one transaction each) with the same concurrency, and
reports the ratio. For each run it prints the CPU milliseconds per
ballot of the app server, of PostgreSQL (its backends, ended ones included) and of the
client, read from /proc. `--floor` first measures the same stack with no write at all (each
voter GETs the thank-you page before voting: session, user, the step from its cache, a
redirect): the most a Django request can do on this machine.
Without REDIS_URL it starts a throw-away redis-server on 127.0.0.1 when one is installed (the
production cache). `--profile N` instead submits N ballots in-process, one at a time, and
prints the SQL queries, the CPU time of the application and of PostgreSQL per submission
(next to PostgreSQL's for the raw inserts, one at a time) and a cProfile summary.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera \\
        .venv/bin/python bench/ballots.py --voters 4000 --concurrency 16 [--floor]
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
    parser.add_argument(
        "--floor",
        action="store_true",
        help="first measure the same stack with no write (each voter GETs the thank-you page)",
    )
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
    redis = _redis_start()
    env = _production_env(database_url, ROOT / "src")
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
        _profile(fixture, args.profile, database_url)
        return
    port = args.port or _free_port()
    server = _gunicorn_start(env, port, args.workers, args.threads)
    try:
        _wait_for(port)
        _warm_up(port, fixture, args.workers * max(args.threads, 1) * 2)
        workers = _descendants(server.pid) | {server.pid}
        before = _cpu_split(workers)
        if args.floor:
            floor = _load(port, fixture, args.concurrency, floor=True)
            floor["cpu"] = _cpu_per_ballot(before, _cpu_split(workers), floor["ok"])
            before = _cpu_split(workers)
        app = _load(port, fixture, args.concurrency)
        app["cpu"] = _cpu_per_ballot(before, _cpu_split(workers), app["ok"])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    stored = _stored(fixture["step_id"])
    before = _cpu_split(set())
    raw = _raw_inserts(database_url, fixture, args.concurrency)
    raw["cpu"] = _cpu_per_ballot(before, _cpu_split(set()), raw["count"])
    ratio = app["rate"] / raw["rate"] if raw["rate"] else 0.0
    lines = [
        f"voters {args.voters}, concurrency {args.concurrency}, gunicorn workers "
        f"{args.workers} x {args.threads} threads, {os.cpu_count()} CPUs",
        f"app:  {app['rate']:.0f} ballots/s, p50 {app['p50']:.1f} ms, p99 {app['p99']:.1f} ms, "
        f"errors {app['errors']}, acknowledged {app['ok']}, in the database {stored}",
        f"raw PostgreSQL (psycopg, same rows, same concurrency): {raw['rate']:.0f} ballots/s, "
        f"p50 {raw['p50']:.1f} ms, p99 {raw['p99']:.1f} ms",
        f"ratio app / raw: {ratio:.2f}",
        f"CPU ms per ballot, app run: {_cpu_text(app['cpu'])}",
        f"CPU ms per ballot, raw run: {_cpu_text(raw['cpu'])}",
    ]
    if args.floor:
        lines.append(
            f"floor (GET the thank-you page, no write): {floor['rate']:.0f} requests/s, "
            f"p50 {floor['p50']:.1f} ms, ratio to raw {floor['rate'] / raw['rate']:.2f}; "
            f"CPU ms per request: {_cpu_text(floor['cpu'])}"
        )
    print("\n".join(lines))
    if stored != app["ok"]:
        sys.exit("an acknowledged ballot is missing from the database")


def _production_env(database_url: str, src: Path) -> dict[str, str]:
    """Production settings on a throw-away database, with the code of `src`."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "tessera.settings",
        "TESSERA_DEMO": "1",  # a throw-away database: the demo's key will do
        "DEBUG": "false",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "EMAIL_URL": "dummymail://",  # the thank-you e-mail is built, not sent
        "PYTHONPATH": str(src),
        "STATIC_ROOT": str(src.parent / "var" / "static"),
    }


def _gunicorn_start(
    env: dict[str, str], port: int, workers: int, threads: int = 1
) -> subprocess.Popen[bytes]:
    """The production server on 127.0.0.1 (its own process group: stopped as a whole)."""
    command = [str(ROOT / ".venv/bin/gunicorn"), "tessera.wsgi:application"]
    command += ["--workers", str(workers), "--threads", str(threads)]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    return subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)  # noqa: S603


def _fresh_database(url: str, name: str = BENCH_DB) -> str:
    import psycopg

    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return parsed._replace(path=f"/{name}").geturl()


def _redis_start() -> subprocess.Popen[bytes] | None:
    """Without REDIS_URL, a throw-away redis-server on 127.0.0.1 when one is installed:
    production shares its cache (the step's snapshot, the rate limits, sessions) through it."""
    if os.environ.get("REDIS_URL") or not shutil.which("redis-server"):
        return None
    redis_port = _free_port()
    redis = subprocess.Popen(  # noqa: S603
        ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],  # noqa: S607
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    _wait_for(redis_port)
    return redis


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
    from tessera.contributions.models import Contribution
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
        contributions = Contribution.objects.bulk_create(
            Contribution(organization=organization, step=collect, kind="proposal", created_at=now)
            for _ in range(PROPOSALS)
        )
        proposals = Proposal.objects.bulk_create(
            Proposal(
                organization=organization,
                contribution=contributions[n],
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
    # Otherwise autovacuum analyses the fresh tables during the run, on PostgreSQL's bill.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "step_id": vote.pk,
        "raw_step_id": raw_step.pk,
        "organization_id": organization.pk,
        "sessions": keys,
        "users": [u.pk for u in users],
        "picks": picks,
        "path": f"/processes/budget/steps/{vote.pk}/vote/submit/",
    }


def _profile(fixture: dict[str, object], count: int, database_url: str) -> None:
    """Submit `count` ballots one after the other through Django's test client (the whole
    middleware stack, CSRF checked): SQL queries, CPU time of the application and of
    PostgreSQL per submission, next to PostgreSQL's for the raw inserts of the same rows one
    at a time; then where the application's CPU goes (cProfile)."""
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
    cpu, wall, database = time.process_time(), time.perf_counter(), _postgres_cpu()
    for key in timed:
        submit(key)
    done = max(len(timed), 1)
    cpu_ms = (time.process_time() - cpu) * 1000 / done
    wall_ms = (time.perf_counter() - wall) * 1000 / done
    database_ms = (_postgres_cpu() - database) * 1000 / done
    before = _cpu_split(set())
    raw = _raw_inserts(database_url, fixture, 1)
    raw_cpu = _cpu_per_ballot(before, _cpu_split(set()), raw["count"])
    print(f"{len(queries)} SQL queries per submission:")
    for sql in queries:
        print("   ", sql[:150])
    print(
        f"{cpu_ms:.1f} ms CPU of the application, {database_ms:.2f} ms of PostgreSQL, "
        f"{wall_ms:.1f} ms wall per submission (mean of {done})"
    )
    print(
        f"raw inserts of the same rows, one at a time: {raw_cpu['postgres']:.2f} ms of "
        f"PostgreSQL per ballot; ratio raw / application for PostgreSQL's work: "
        f"{raw_cpu['postgres'] / database_ms:.2f}"
    )
    profiler = cProfile.Profile(time.process_time)  # CPU, not waits on the database
    profiler.enable()
    for key in profiled:
        submit(key)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(40)


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


def _load(
    port: int, fixture: dict[str, object], concurrency: int, *, floor: bool = False
) -> dict[str, Any]:
    """Each voter's session once, `concurrency` at a time: the submission (a 302 to the
    thank-you page), or with `floor` a GET of the thank-you page before voting (a 302 back to
    the vote): the same stack (session, user, CSRF cookie, the step from its cache) with no
    write, the cheapest a logged-in request to the vote can be."""
    jobs: queue.Queue[str] = queue.Queue()
    for key in fixture["sessions"]:  # type: ignore[attr-defined]
        jobs.put(key)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    path = str(fixture["path"])
    method, expected = "POST", "/thanks/"
    if floor:
        path, method, expected = path.removesuffix("submit/") + "thanks/", "GET", "/vote/"

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
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 302 and response.getheader("Location", "").endswith(
                    expected
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
    """Ballots stored for the step, counted or still waiting sealed for their batch's mix
    (docs/decisions/0006); exits if the participations do not match them."""
    from django.db import connection

    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM voting_ballot WHERE step_id = %s", [step_id])
        ballots = int(cursor.fetchone()[0])
        cursor.execute("SELECT COUNT(*) FROM voting_pendingballot WHERE step_id = %s", [step_id])
        ballots += int(cursor.fetchone()[0])
        cursor.execute("SELECT COUNT(*) FROM voting_participation WHERE step_id = %s", [step_id])
        if int(cursor.fetchone()[0]) != ballots:
            sys.exit("participations and ballots differ")
    return ballots


def _raw_inserts(url: str, fixture: dict[str, object], concurrency: int) -> dict[str, Any]:
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
    return {
        "rate": len(latencies) / duration,
        "p50": p50,
        "p99": p99,
        "count": len(latencies),
    }


def _warm_up(port: int, fixture: dict[str, object], count: int) -> None:
    """A few GET requests so that every worker has imported, connected and cached the step
    before the clock starts (the submissions themselves are all measured)."""
    # A GET on the submit URL: the whole stack up to the view's 405, no ballot cast.
    for _ in range(count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", str(fixture["path"]), headers={"Host": HOST})
        connection.getresponse().read()
        connection.close()


def _descendants(pid: int) -> set[int]:
    """The gunicorn workers: every process whose parent is `pid`."""
    return {
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and _stat(int(entry.name))[1:2] == [str(pid)]
    }


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (empty if the process is gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def _process_cpu(pid: int, *, reaped_children: bool = False) -> float:
    """User + system CPU seconds of one process (its threads included), from /proc; with
    `reaped_children`, plus those of its children that ended (PostgreSQL's backends)."""
    fields = _stat(pid)
    if not fields:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if reaped_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def _postgres_cpu() -> float:
    """CPU seconds of the PostgreSQL server: the postmaster, its live backends and the ones
    that ended (a connection closed during the run still counts)."""
    processes = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                comm = (entry / "comm").read_text().strip()
            except OSError:
                continue
            fields = _stat(int(entry.name))
            if comm == "postgres" and fields:
                processes[int(entry.name)] = int(fields[1])
    postmasters = [pid for pid, parent in processes.items() if parent not in processes]
    return sum(_process_cpu(pid, reaped_children=True) for pid in postmasters) + sum(
        _process_cpu(pid) for pid, parent in processes.items() if parent in processes
    )


def _cpu_split(server: set[int]) -> dict[str, float]:
    """CPU seconds so far: the whole machine (busy time of every core), the app server's
    processes, PostgreSQL, and this process (the load generator or the raw loop's client)."""
    busy = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    idle = int(busy[3]) + int(busy[4])
    machine = (sum(int(value) for value in busy[:8]) - idle) / os.sysconf("SC_CLK_TCK")
    return {
        "machine": machine,
        "server": sum(_process_cpu(pid) for pid in server),
        "postgres": _postgres_cpu(),
        "client": time.process_time(),
    }


def _cpu_per_ballot(
    before: dict[str, float], after: dict[str, float], count: float
) -> dict[str, Any]:
    """Milliseconds of CPU per ballot: app server, PostgreSQL, client, and whatever else
    ran on the machine meanwhile (Redis, the kernel, other work)."""
    spent = {key: (after[key] - before[key]) * 1000 / max(count, 1) for key in before}
    spent["rest"] = spent["machine"] - spent["server"] - spent["postgres"] - spent["client"]
    return spent


def _cpu_text(spent: dict[str, float]) -> str:
    return (
        f"app server {spent['server']:.2f}, PostgreSQL {spent['postgres']:.2f}, client "
        f"{spent['client']:.2f} (the whole machine {spent['machine']:.2f}, of which other "
        f"work {spent['rest']:.2f})"
    )


if __name__ == "__main__":
    main()
