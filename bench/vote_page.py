"""The vote page with many eligible proposals and many ballots already cast.

Creates a throw-away test database (PostgreSQL with DATABASE_URL, else SQLite), fills it with
`seed_bench` (proposals) and `seed_ballots` (500,000 ballots over 200 eligible proposals by
default), then requests the vote page R times through Django's test client (the app server's
own cost, no network) as a visitor and as a logged-in voter with a basket, with the counts
shown, and prints the latency p50 / p95 of each (the query count is asserted by
tests/voting/test_vote_page.py: it does not grow with the proposals or the ballots).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera \\
        .venv/bin/python bench/vote_page.py --ballots 500000 --requests 200
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
    parser.add_argument("--proposals", type=int, default=1000)
    parser.add_argument("--eligible", type=int, default=200)
    parser.add_argument("--ballots", type=int, default=500_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django_scopes import scopes_disabled

    from tessera.accounts.models import User
    from tessera.processes.models import Step
    from tessera.voting.ballot_rules import Choice
    from tessera.voting.models import VoteSettings
    from tessera.voting.selectors import ballot_proposals
    from tessera.voting.services import draft_save

    connection.settings_dict["TEST"]["NAME"] = "tessera_bench_vote_page"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        quiet = open(os.devnull, "w")  # noqa: SIM115
        call_command(
            "seed_bench",
            users=2000,
            proposals=args.proposals,
            supports=0,
            comments=0,
            host="testserver",
            stdout=quiet,
        )
        started = time.perf_counter()
        call_command("seed_ballots", ballots=args.ballots, eligible=args.eligible, stdout=quiet)
        seeded = time.perf_counter() - started
        with scopes_disabled():
            step = Step.objects.get(process__organization__slug="bench", kind="vote")
            VoteSettings.objects.filter(step=step).update(counts_visible=True)
            voter = User.objects.filter(organization=step.organization).first()
            assert voter is not None
            picks = list(ballot_proposals(step, None).values_list("pk", flat=True)[:5])
            draft_save(voter=voter, step=step, district=None, choices=[Choice(pk) for pk in picks])
        url = f"/processes/budget/steps/{step.pk}/vote/"
        print(f"seed_ballots: {args.ballots} ballots in {seeded:.1f} s")
        visitor, logged_in = Client(), Client()
        logged_in.force_login(voter)
        for label, client in (("visitor", visitor), ("voter with a basket", logged_in)):
            assert client.get(url).status_code == 200
            timings = []
            for _ in range(args.requests):
                began = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(f"{label}: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
