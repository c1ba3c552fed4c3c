"""Public news pages with many posts: the list, a process's list, a post, the process page
and the home page's news section.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), fills
one organisation with P processes and N published posts (a third site-wide, the rest spread
over the processes), then requests each page R times through Django's test client (no
network: the app server's own cost) and prints, per page, the SQL query count, latency
p50 / p95 and CPU milliseconds per request.

    .venv/bin/python bench/news_pages.py --processes 200 --posts 5000 --requests 200
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
    parser.add_argument("--processes", type=int, default=200)
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from tessera.branding.models import HomeSection, SectionKind
    from tessera.core.richtext import render_markdown
    from tessera.news.models import Post
    from tessera.organizations.services import organization_create
    from tessera.processes.models import Process

    # No setup_test_environment(): its instrumented template rendering would be measured too.
    connection.settings_dict["TEST"]["NAME"] = "tessera_bench_news"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with scopes_disabled():
            organization = organization_create(name="Bench", slug="bench", hosts=["testserver"])
            processes = Process.objects.bulk_create(
                Process(
                    organization=organization,
                    title=f"Démarche {i}",
                    slug=f"d-{i}",
                    summary="Résumé",
                    is_published=True,
                )
                for i in range(args.processes)
            )
            body = "Merci à **toutes et à tous**. " * 20
            html = render_markdown(body)
            now = timezone.now()
            Post.objects.bulk_create(
                Post(
                    organization=organization,
                    process=None if i % 3 == 0 else processes[i % len(processes)],
                    title=f"Actualité {i}",
                    body=body,
                    body_html=html,
                    is_published=True,
                    publish_at=now - timedelta(hours=i),
                )
                for i in range(args.posts)
            )
            HomeSection.objects.filter(organization=organization).delete()
            HomeSection.objects.create(organization=organization, kind=SectionKind.NEWS)
            post = Post.objects.filter(process=processes[1]).first()
            assert post is not None

        client = Client()
        pages = {
            "news list /news/": "/news/",
            "news list, page 100": "/news/?page=100",
            "news of a process": f"/news/?process={processes[1].slug}",
            "a post /news/<id>/": f"/news/{post.pk}/",
            "process page (latest 3)": f"/processes/{processes[1].slug}/",
            "home, news section only": "/",
        }
        backend = connection.vendor
        print(
            f"{args.posts} posts, {args.processes} processes, "
            f"{args.requests} requests per page, {backend}"
        )
        print(f"{'page':<30} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8}")
        for label, url in pages.items():
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
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


if __name__ == "__main__":
    main()
