"""Publishing the results of 500,000 ballots: the work of the background task.

Creates a throw-away PostgreSQL database, fills it with `manage.py seed_bench` (1,000
proposals, then a budget vote step with --ballots ballots over 200 eligible proposals:
`seed_ballots`), closes the vote, requests the publication as staff do and runs the task's
body (`voting.publication.publication_run`: mixing what waits, the count of every scope, the
open-data files, the statuses, the figures) in this process. Prints its wall time, this
process's CPU time, PostgreSQL's CPU time, the progress lines staff see, and with --profile
where the time goes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera \\
        .venv/bin/python bench/publication.py --ballots 500000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.ballots import _fresh_database, _postgres_cpu, _production_env  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=500_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--keep-seed",
        action="store_true",
        help="seed a template database once (tessera_bench_publication_<ballots>) and publish "
        "on a copy of it: a second run skips the seeding (minutes for 500,000 ballots)",
    )
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        sys.exit("DATABASE_URL must point to PostgreSQL")
    name = "tessera_bench_publication"
    seed_name = f"{name}_{args.ballots}"
    if args.keep_seed and _database_exists(base_url, seed_name):
        print(f"publishing on a copy of {seed_name}")
    else:
        _seed(base_url, seed_name if args.keep_seed else name, args.ballots)
    url = _copy_database(base_url, seed_name, name) if args.keep_seed else None
    os.environ.update(_production_env(url or _database_url(base_url, name), ROOT / "src"))
    _publish(args.profile)


def _seed(base_url: str, name: str, ballots: int) -> None:
    env = _production_env(_fresh_database(base_url, name), ROOT / "src")
    seeding = time.perf_counter()
    for command in (
        ["migrate", "-v0"],
        ["seed_bench", "--proposals", "1000", "--comments", "0", "--ballots", str(ballots)],
    ):
        subprocess.run([sys.executable, "-m", "django", *command], env=env, check=True)  # noqa: S603
    print(f"seeded in {time.perf_counter() - seeding:.1f} s; load average {os.getloadavg()[0]:.2f}")


def _database_url(base_url: str, name: str) -> str:
    return urlparse(base_url)._replace(path=f"/{name}").geturl()


def _database_exists(base_url: str, name: str) -> bool:
    import psycopg

    admin = urlparse(base_url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


def _copy_database(base_url: str, template: str, name: str) -> str:
    """A fresh copy of the seeded database (PostgreSQL copies its files: seconds)."""
    import psycopg

    admin = urlparse(base_url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    return _database_url(base_url, name)


def _publish(profile: bool) -> None:
    import django

    django.setup()
    from django.utils import timezone
    from django_scopes import scope, scopes_disabled

    from tessera.accounts.models import Role, User
    from tessera.processes.models import Step
    from tessera.voting.models import Ballot, BallotChoice, Publication
    from tessera.voting.publication import publication_request, publication_run

    with scopes_disabled():
        step = Step.objects.filter(organization__slug="bench", kind="vote").get()
        now = timezone.now()
        Step.objects.filter(pk=step.pk).update(
            starts_at=now - timedelta(days=10), ends_at=now - timedelta(minutes=1)
        )
        step.refresh_from_db()
        staff = User.objects.create(
            organization=step.organization,
            email="manager@bench.invalid",
            display_name="Gestionnaire",
            role=Role.MANAGER,
            email_verified=True,
        )
        ballots = Ballot.objects.filter(step=step).count()
        choices = BallotChoice.objects.filter(ballot__step=step).count()
    print(f"{ballots} ballots, {choices} choices")
    with scope(organization=step.organization):
        publication = publication_request(step=step, requested_by=staff)
        publication = Publication.objects.get(pk=publication.pk)
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
        wall, cpu, database = time.perf_counter(), time.process_time(), _postgres_cpu()
        publication_run(publication)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        database = _postgres_cpu() - database
        if profiler is not None:
            profiler.disable()
        publication.refresh_from_db()
    print(
        f"publication {publication.state} {publication.error}: {wall:.2f} s wall, "
        f"{cpu:.2f} s CPU of the task, {database:.2f} s CPU of PostgreSQL; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    from django.core.cache import cache

    from tessera.voting.publication import progress_key

    for line in cache.get(progress_key(step.pk)) or []:
        print("   ", line)
    if profiler is not None:
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
