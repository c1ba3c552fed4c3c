"""What the Content-Security-Policy and the request-context logging cost per request.

Creates a throw-away SQLite test database with one organisation, then requests a rendered page
(the log-in form) and a 404 (which Django logs as a warning, so the JSON formatter and the
context filter run) through Django's test client, alternately with and without the two
middleware (core.logs.RequestContextMiddleware, Django's ContentSecurityPolicyMiddleware), and
prints the CPU milliseconds per request of each and their difference (median of the rounds).

    .venv/bin/python bench/middleware_overhead.py --requests 300 --rounds 7
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

MEASURED = {
    "tessera.core.logs.RequestContextMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
}


def cpu_ms_per_request(path: str, middleware: list[str], requests: int) -> float:
    from django.test import Client
    from django.test.utils import override_settings

    with override_settings(MIDDLEWARE=middleware):
        client = Client()
        client.get(path)  # builds the middleware chain and warms the caches
        started = time.process_time()
        for _ in range(requests):
            client.get(path)
        return (time.process_time() - started) * 1000 / requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django_scopes import scopes_disabled
    from tests.factories import HostFactory, OrganizationFactory

    # The configured JSON handler writes into memory: the formatting is measured, not a tty.
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(io.StringIO())

    connection.settings_dict["TEST"]["NAME"] = "tessera_bench_middleware"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with scopes_disabled():
            HostFactory(organization=OrganizationFactory(slug="bench"), name="testserver")
        full = list(settings.MIDDLEWARE)
        without = [name for name in full if name not in MEASURED]
        print(f"{args.requests} requests x {args.rounds} rounds, CPU ms per request (median)")
        for label, path in (("log-in page", "/accounts/login/"), ("404, logged", "/nowhere/")):
            runs: dict[str, list[float]] = {"without": [], "with": []}
            for _round in range(args.rounds):
                runs["without"].append(cpu_ms_per_request(path, without, args.requests))
                runs["with"].append(cpu_ms_per_request(path, full, args.requests))
            before, after = statistics.median(runs["without"]), statistics.median(runs["with"])
            print(
                f"  {label:12} without {before:.3f}  with {after:.3f}  "
                f"cost {after - before:+.3f} ms"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
