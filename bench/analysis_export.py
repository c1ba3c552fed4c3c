"""Exports of the analysis back office (CSV and XLSX) with many proposals: time and peak memory.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), fills it
with `manage.py seed_bench` (10,000 proposals by default), gives every proposal two services'
assignments and analyses and a decision (bulk inserts), then downloads each export R times
through Django's test client as a process manager (the whole view, streaming included) and
prints, per format, the rows, the size, the time (best and median) and the peak of Python
memory allocated while exporting (tracemalloc, measured on a separate run). For comparison it
also measures the peak of loading every row into a list first (what streaming avoids).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tessera \\
        .venv/bin/python bench/analysis_export.py --proposals 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def _analyse_everything() -> None:
    from django.utils import timezone

    from tessera.accounts.models import Role, Service, User
    from tessera.analysis.models import Analysis, Assignment, Decision
    from tessera.proposals.models import Proposal

    proposals = list(Proposal.objects.values_list("pk", "organization_id"))
    organization_id = proposals[0][1]
    services = [
        Service.objects.create(organization_id=organization_id, name=name)
        for name in ("Voirie", "Espaces verts")
    ]
    manager = User.objects.filter(organization_id=organization_id).first()
    assert manager is not None
    User.objects.filter(pk=manager.pk).update(role=Role.MANAGER)
    today = timezone.localdate()
    Assignment.objects.bulk_create(
        [
            Assignment(
                organization_id=organization_id,
                proposal_id=pk,
                service=service,
                due_date=today,
                analyst=manager,
            )
            for pk, _org in proposals
            for service in services
        ],
        batch_size=2000,
    )
    now = timezone.now()
    Analysis.objects.bulk_create(
        [
            Analysis(
                organization_id=organization_id,
                assignment_id=assignment_id,
                eligibility="eligible",
                feasibility_notes="Techniquement faisable ; à coordonner avec les travaux.",
                estimated_cost=12_000,
                recommendation="Retenir pour le vote.",
                submitted_at=now,
                submitted_by=manager,
            )
            for assignment_id in Assignment.objects.values_list("pk", flat=True)
        ],
        batch_size=2000,
    )
    Decision.objects.bulk_create(
        [
            Decision(
                organization_id=organization_id,
                proposal_id=pk,
                outcome="eligible",
                public_answer="Votre idée sera soumise au vote.",
                decided_by=manager,
            )
            for pk, _org in proposals
        ],
        batch_size=2000,
    )


def _measure(download: Callable[[], tuple[int, int]], repeat: int) -> dict[str, Any]:
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        rows, size = download()
        durations.append(time.perf_counter() - started)
    tracemalloc.start()
    download()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "size": size,
        "best": min(durations),
        "median": statistics.median(durations),
        "peak": peak,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django_scopes import scope, scopes_disabled

    from tessera.accounts.models import Role, User
    from tessera.analysis import exports
    from tessera.analysis.selectors import proposals_of_process
    from tessera.processes.models import Process

    connection.settings_dict["TEST"]["NAME"] = "tessera_bench_analysis"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command(
            "seed_bench",
            users=args.users,
            proposals=args.proposals,
            supports=0,
            comments=0,
            host="testserver",
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
        with scopes_disabled():
            _analyse_everything()
            manager = User.objects.get(role=Role.MANAGER)
            process = Process.objects.get(slug="budget")
        client = Client()
        client.force_login(manager)
        base = f"/manage/processes/{process.slug}/proposals/"

        def download(file_format: str) -> Callable[[], tuple[int, int]]:
            def run() -> tuple[int, int]:
                response = client.get(f"{base}export.{file_format}")
                assert response.status_code == 200, response.status_code
                size = 0
                lines = 0
                for chunk in response.streaming_content:  # type: ignore[attr-defined]
                    size += len(chunk)
                    lines += chunk.count(b"\r\n") if file_format == "csv" else 0
                response.close()
                return (lines - 1 if file_format == "csv" else args.proposals), size

            return run

        def load_all() -> tuple[int, int]:
            with scope(organization=process.organization):
                names = exports.labels()
                queryset = exports.export_queryset(proposals_of_process(process))
                rows = [exports.proposal_row(p, names) for p in queryset]
            return len(rows), 0

        print(
            f"{connection.vendor}: {args.proposals} proposals, 2 services' analyses each, "
            f"{args.repeat} runs"
        )
        print("| export | rows | size | best s | median s | peak Python memory |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, run in (
            ("CSV (streamed)", download("csv")),
            ("XLSX (write-only, temporary file)", download("xlsx")),
            ("reference: every row in a list", load_all),
        ):
            figures = _measure(run, args.repeat)
            size = f"{figures['size'] / 1e6:.1f} MB" if figures["size"] else "—"
            print(
                f"| {label} | {figures['rows']} | {size} | {figures['best']:.2f} "
                f"| {figures['median']:.2f} | {figures['peak'] / 1e6:.1f} MB |"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
