"""Public pages of the foundation (home, process list, process page) with many processes.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), fills
one organisation with N processes of 5 steps each, then requests each page R times through
Django's test client (no network: the app server's own cost) and prints, per page, the SQL
query count, latency p50 / p95 and CPU milliseconds per request.

    .venv/bin/python bench/pages.py --processes 2000 --requests 200
    .venv/bin/python bench/pages.py --furnished   # + every home section kind, 8 menu links

With --furnished the home page carries a banner with its image, an introduction, the current
processes, figures, a free text, a newsletter form and a video, the header and footer menus
have four links each, and the identity's style sheet (/site/theme.css, cached per version) is
measured too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--furnished", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from tessera.organizations.models import District, Theme
    from tessera.organizations.services import organization_create
    from tessera.processes.models import Process, Step

    # No setup_test_environment(): its instrumented template rendering would be measured too.
    # Its own database, so that neither the demo's nor the test suite's is touched.
    connection.settings_dict["TEST"]["NAME"] = "tessera_bench_pages"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with scopes_disabled():
            organization = organization_create(name="Bench", slug="bench", hosts=["testserver"])
            themes = Theme.objects.bulk_create(
                Theme(organization=organization, name=f"Thème {i}", slug=f"t{i}") for i in range(8)
            )
            districts = District.objects.bulk_create(
                District(organization=organization, name=f"Quartier {i}", slug=f"q{i}")
                for i in range(6)
            )
            now = timezone.now()
            processes = Process.objects.bulk_create(
                Process(
                    organization=organization,
                    title=f"Démarche {i}",
                    slug=f"d-{i}",
                    summary="Résumé",
                    is_published=True,
                    starts_at=now + timedelta(days=i % 90 - 45),
                    ends_at=now + timedelta(days=i % 90 - 45 + 50),
                )
                for i in range(args.processes)
            )
            Step.objects.bulk_create(
                Step(
                    organization=organization,
                    process=p,
                    title=f"Étape {k}",
                    starts_at=p.starts_at + timedelta(days=10 * k),
                    ends_at=p.starts_at + timedelta(days=10 * k + 10),
                )
                for p in processes
                for k in range(5)
            )
            for process in processes:
                process.themes.set(themes[:2])
                process.districts.set(districts[:2])

        if args.furnished:
            with scopes_disabled():
                _furnish(organization)
        client = Client()
        pages = {
            "home /": "/",
            "process list /processes/": "/processes/",
            "filtered list ?status=open": "/processes/?status=open&theme=t0",
            "process page": f"/processes/{processes[0].slug}/",
        }
        if args.furnished:
            pages["identity CSS /site/theme.css"] = "/site/theme.css?v=1"
        backend = connection.vendor
        print(f"{args.processes} processes × 5 steps, {args.requests} requests per page, {backend}")
        print(f"{'page':<30} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8}")
        for label, url in pages.items():
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            # Read now: the next request resets the connection's query log.
            query_count = len(captured)
            wall, cpu = [], []
            for _ in range(args.requests):
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            p95 = statistics.quantiles(wall, n=20)[-1]
            print(
                f"{label:<30} {query_count:>7} {statistics.median(wall):>8.1f} {p95:>8.1f}"
                f" {statistics.mean(cpu):>8.1f}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _furnish(organization: object) -> None:
    """Every section kind branding renders, and four links in each menu."""
    from tessera.branding.models import ContentPage, HomeSection, Menu, MenuItem, SectionKind
    from tessera.branding.services import home_section_save, menu_item_save
    from tessera.branding.services_content import content_page_save

    kinds = [
        (SectionKind.HERO, {"image": "bench/branding/hero.png", "image_alt": "Une rue"}),
        (SectionKind.INTRODUCTION, {"body": "La ville **avec vous**."}),
        (SectionKind.PROCESSES, {}),
        (SectionKind.FIGURES, {}),
        (SectionKind.TEXT, {"title": "Permanences", "body": "Chaque *samedi*."}),
        (SectionKind.NEWSLETTER, {}),
        (SectionKind.VIDEO, {"video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}),
    ]
    for position, (kind, fields) in enumerate(kinds):
        section = HomeSection(organization=organization, kind=kind, position=position, **fields)
        home_section_save(section=section)
    for index in range(8):
        page = content_page_save(
            page=ContentPage(
                organization=organization, title=f"Page {index}", slug=f"p-{index}",
                kind="other", body="Texte.",
            )
        )  # fmt: skip
        menu = Menu.HEADER if index % 2 else Menu.FOOTER
        menu_item_save(item=MenuItem(organization=organization, menu=menu, page=page))


if __name__ == "__main__":
    main()
