"""The moderation queue (/manage/moderation/) with 50,000 open reports, of proposals and comments.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), fills it
with `manage.py seed_bench` (5,000 proposals) and `manage.py seed_comments` (50,000 comments),
then 50,000 open reports: 20 people each report 1,250 proposals and 1,250 comments (and 5,000
closed ones beside, which the queue must not read). Requests the queue R times as a moderator
through Django's test client and prints the SQL query count, p50 / p95 and CPU per request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera \\
        .venv/bin/python bench/moderation_queue.py --requests 50
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

REPORTERS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=5000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--reported", type=int, default=1250, help="per kind, by each person")
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    connection.settings_dict["TEST"]["NAME"] = "tessera_bench_moderation"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    quiet = open(os.devnull, "w")  # noqa: SIM115
    try:
        started = time.perf_counter()
        call_command("seed_bench", proposals=args.proposals, supports=0, comments=0,
                     host="testserver", stdout=quiet)  # fmt: skip
        call_command("seed_comments", comments=args.comments, organization="bench", stdout=quiet)
        with scopes_disabled():
            moderator, total = seed_reports(args.reported)
        print(
            f"{args.proposals} proposals, {args.comments} comments, {total} open reports "
            f"(seeded in {time.perf_counter() - started:.1f} s), {connection.vendor}"
        )
        client = Client()
        client.force_login(moderator)
        print(f"{'page':<28} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8}")
        for label, url in {
            "queue": "/manage/moderation/",
            "queue, comments only": "/manage/moderation/?kind=comment",
            "queue, hidden only": "/manage/moderation/?state=hidden",
        }.items():
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            wall, cpu = [], []
            for _ in range(args.requests):
                begin, begin_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                wall.append((time.perf_counter() - begin) * 1000)
                cpu.append((time.process_time() - begin_cpu) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            p95 = statistics.quantiles(wall, n=20)[-1]
            print(
                f"{label:<28} {len(captured):>7} {statistics.median(wall):>8.1f} {p95:>8.1f}"
                f" {statistics.mean(cpu):>8.1f}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def seed_reports(reported: int) -> tuple[Any, int]:
    """REPORTERS people report the first `reported` proposals and comments; a moderator."""
    from django.db import connection
    from django.utils import timezone

    from tessera.accounts.models import Role, User
    from tessera.contributions.models import Contribution, Report

    users = list(User.objects.filter(organization__slug="bench").order_by("pk")[: REPORTERS + 1])
    moderator = users.pop()
    User.objects.filter(pk=moderator.pk).update(role=Role.MODERATOR)
    moderator.role = Role.MODERATOR
    targets = [
        pk
        for kind in ("proposal", "comment")
        for pk in Contribution.objects.filter(kind=kind)
        .order_by("pk")
        .values_list("pk", flat=True)[:reported]
    ]
    closed = list(
        Contribution.objects.filter(kind="comment")
        .order_by("-pk")
        .values_list("pk", flat=True)[: reported * 4]
    )
    now = timezone.now()
    reports = [
        Report(organization_id=user.organization_id, contribution_id=pk, reporter=user,
               reason="spam")
        for pk in targets
        for user in users
    ] + [
        Report(organization_id=users[0].organization_id, contribution_id=pk, reporter=users[0],
               reason="spam", resolved_at=now)
        for pk in closed
    ]  # fmt: skip
    Report.objects.bulk_create(reports, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE contributions_report")
    return moderator, len(targets) * len(users)


if __name__ == "__main__":
    main()
