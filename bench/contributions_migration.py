"""How long the move onto contributions takes (proposals 0003-0010, comments 0002-0008,
notifications 0004-0006) on seed_bench's default volume: 5,000 proposals, 100,000 supports,
50,000 comments, with 50,000 reports and 1,000 official answers.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), migrates
it to the state before the move, fills it the old way with bulk inserts (historical models),
then times the forward migration and the backward one, and checks the counts (supports,
comments, reports and answers are all there again after the way back).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera \\
        .venv/bin/python bench/contributions_migration.py
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

BEFORE = [
    ("proposals", "0002_search_vector_gin_index"),
    ("notifications", "0003_moderation_family"),
    ("contributions", "0002_ban"),
    ("comments", "0001_initial"),
]
AFTER = [
    ("proposals", "0010_remove_proposal_official_answer"),
    ("comments", "0008_comment_target_required"),
    ("notifications", "0006_follow_contribution_constraints"),
]
BATCH = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--proposals", type=int, default=5000)
    parser.add_argument("--supports", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--reports", type=int, default=50_000, help="half on comments")
    parser.add_argument("--answers", type=int, default=1000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    connection.settings_dict["TEST"]["NAME"] = "tessera_bench_migration"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        started = time.perf_counter()
        seed(old, args)
        print(
            f"{args.proposals} proposals, {args.supports} supports, {args.comments} comments, "
            f"{args.reports} reports, {args.answers} answers, {args.users} users, seeded the "
            f"old way in {time.perf_counter() - started:.1f} s ({connection.vendor})"
        )
        before = counts(old)
        for label, target in (("forward", AFTER), ("backward", BEFORE)):
            executor.loader.build_graph()
            started = time.perf_counter()
            executor.migrate(target)
            print(f"{label:<9} {time.perf_counter() - started:6.1f} s")
        executor.loader.build_graph()
        back = executor.loader.project_state(BEFORE).apps
        assert counts(back) == before, (counts(back), before)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def counts(apps: object) -> dict[str, int]:
    get = apps.get_model  # type: ignore[attr-defined]
    return {
        "supports": get("proposals", "Support").objects.count(),
        "comments": get("comments", "Comment").objects.count(),
        "reports": get("proposals", "Report").objects.count()
        + get("comments", "CommentReport").objects.count(),
        "answers": get("proposals", "Proposal").objects.exclude(official_answer="").count(),
    }


def seed(old: object, args: argparse.Namespace) -> None:
    from django.utils import timezone

    get = old.get_model  # type: ignore[attr-defined]
    rng = random.Random(42)
    organization = get("organizations", "Organization").objects.create(slug="m", name="M")
    process = get("processes", "Process").objects.create(
        organization=organization, slug="p", title="P", is_published=True
    )
    now = timezone.now()
    step = get("processes", "Step").objects.create(
        organization=organization, process=process, kind="collect", title="S",
        starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=1),
    )  # fmt: skip
    theme = get("organizations", "Theme").objects.create(
        organization=organization, name="T", slug="t"
    )
    User = get("accounts", "User")
    users = User.objects.bulk_create(
        (User(organization=organization, email=f"u{n}@m.invalid") for n in range(args.users)),
        batch_size=BATCH,
    )
    Proposal = get("proposals", "Proposal")
    proposals = Proposal.objects.bulk_create(
        (
            Proposal(
                organization=organization, step=step, author=users[n % len(users)],
                title=f"Proposition {n}", description="…", theme=theme,
            )
            for n in range(args.proposals)
        ),
        batch_size=BATCH,
    )  # fmt: skip
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < args.supports:
        pairs.add((rng.choice(proposals).pk, rng.choice(users).pk))
    Support = get("proposals", "Support")
    Support.objects.bulk_create(
        (Support(organization=organization, proposal_id=p, user_id=u) for p, u in pairs),
        batch_size=BATCH,
    )
    for proposal in proposals[: args.answers]:
        proposal.status, proposal.official_answer = "eligible", "Retenue par la voirie."
    Proposal.objects.bulk_update(
        proposals[: args.answers], ["status", "official_answer"], batch_size=BATCH
    )
    Comment = get("comments", "Comment")
    comments = Comment.objects.bulk_create(
        (
            Comment(
                organization=organization, proposal=rng.choice(proposals),
                author=rng.choice(users), body="…", created_at=now,
            )
            for _ in range(args.comments)
        ),
        batch_size=BATCH,
    )  # fmt: skip
    seed_reports(get, organization, rng, proposals, comments, users, args.reports)
    Follow = get("notifications", "Follow")
    Follow.objects.bulk_create(
        (
            Follow(organization=organization, user=users[n % len(users)], proposal=proposal)
            for n, proposal in enumerate(proposals)
        ),
        batch_size=BATCH,
    )


def seed_reports(
    get: Any, organization: Any, rng: random.Random, proposals: list[Any], comments: list[Any],
    users: list[Any], count: int,
) -> None:  # fmt: skip
    """`count` reports, one per (item, person), half on proposals, half on comments."""
    for model, key, items, share in (
        (get("proposals", "Report"), "proposal_id", proposals, count - count // 2),
        (get("comments", "CommentReport"), "comment_id", comments, count // 2),
    ):
        pairs: set[tuple[int, int]] = set()
        while len(pairs) < share:
            pairs.add((rng.choice(items).pk, rng.choice(users).pk))
        model.objects.bulk_create(
            (
                model(organization=organization, **{key: item}, reporter_id=user, reason="spam")
                for item, user in pairs
            ),
            batch_size=BATCH,
        )


if __name__ == "__main__":
    main()
